// The handler table: API name → handler. A new API (FindCoordinator, JoinGroup, …) is served by
// adding its entry here; ApiVersions advertises exactly the APIs present in the table.
import type { HandlerTable } from './context.js';
import { handleApiVersions } from './api-versions.js';
import { handleAlterConfigs, handleDescribeConfigs, handleIncrementalAlterConfigs } from './configs.js';
import { handleCreatePartitions } from './create-partitions.js';
import { handleCreateTopics } from './create-topics.js';
import { handleDeleteTopics } from './delete-topics.js';
import { handleFetch } from './fetch.js';
import { groupHandlers } from './groups/index.js';
import { handleListOffsets } from './list-offsets.js';
import { handleMetadata } from './metadata.js';
import { handleProduce } from './produce.js';

export const handlers: HandlerTable = {
  ApiVersions: handleApiVersions,
  Metadata: handleMetadata,
  CreateTopics: handleCreateTopics,
  DeleteTopics: handleDeleteTopics,
  CreatePartitions: handleCreatePartitions,
  Produce: handleProduce,
  Fetch: handleFetch,
  ListOffsets: handleListOffsets,
  DescribeConfigs: handleDescribeConfigs,
  AlterConfigs: handleAlterConfigs,
  IncrementalAlterConfigs: handleIncrementalAlterConfigs,
  ...groupHandlers,
};

export type { ConnectionInfo, Handler, HandlerContext, HandlerTable } from './context.js';
