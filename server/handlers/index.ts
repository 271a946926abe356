// The handler table: API name → handler. A new API (FindCoordinator, JoinGroup, …) is served by
// adding its entry here; ApiVersions advertises exactly the APIs present in the table.
import type { HandlerTable } from './context.js';
import { handleCreateAcls, handleDeleteAcls, handleDescribeAcls } from './acls.js';
import { handleApiVersions } from './api-versions.js';
import { handleAlterConfigs, handleDescribeConfigs, handleIncrementalAlterConfigs } from './configs.js';
import { handleCreatePartitions } from './create-partitions.js';
import { handleCreateTopics } from './create-topics.js';
import { handleDeleteRecords } from './delete-records.js';
import { handleDeleteTopics } from './delete-topics.js';
import { handleFetch } from './fetch.js';
import { groupHandlers } from './groups/index.js';
import { handleInitProducerId } from './init-producer-id.js';
import { handleListOffsets } from './list-offsets.js';
import { handleMetadata } from './metadata.js';
import { handleProduce } from './produce.js';
import { transactionHandlers } from './transactions/index.js';
import { handleSaslAuthenticate } from './sasl-authenticate.js';
import { handleSaslHandshake } from './sasl-handshake.js';

export const handlers: HandlerTable = {
  ApiVersions: handleApiVersions,
  SaslHandshake: handleSaslHandshake,
  SaslAuthenticate: handleSaslAuthenticate,
  Metadata: handleMetadata,
  CreateTopics: handleCreateTopics,
  DeleteTopics: handleDeleteTopics,
  CreatePartitions: handleCreatePartitions,
  Produce: handleProduce,
  Fetch: handleFetch,
  ListOffsets: handleListOffsets,
  InitProducerId: handleInitProducerId,
  DescribeConfigs: handleDescribeConfigs,
  AlterConfigs: handleAlterConfigs,
  IncrementalAlterConfigs: handleIncrementalAlterConfigs,
  DeleteRecords: handleDeleteRecords,
  ...groupHandlers,
  ...transactionHandlers,
  DescribeAcls: handleDescribeAcls,
  CreateAcls: handleCreateAcls,
  DeleteAcls: handleDeleteAcls,
};

export type { ConnectionInfo, Handler, HandlerContext, HandlerTable } from './context.js';
