// The Kafka front end's table: API name → mapping onto the native handlers. ApiVersions
// advertises exactly the APIs present here, at the versions generated for each.
import { kafkaCreateAcls, kafkaDeleteAcls, kafkaDescribeAcls } from './acls.js';
import { kafkaAddOffsetsToTxn } from './add-offsets-to-txn.js';
import { kafkaAddPartitionsToTxn } from './add-partitions-to-txn.js';
import { kafkaAlterConfigs, kafkaIncrementalAlterConfigs } from './alter-configs.js';
import { apiVersionsHandler } from './api-versions.js';
import { kafkaCreatePartitions } from './create-partitions.js';
import { kafkaCreateTopics } from './create-topics.js';
import { kafkaDeleteGroups } from './delete-groups.js';
import { kafkaDeleteRecords } from './delete-records.js';
import { kafkaDeleteTopics } from './delete-topics.js';
import { kafkaDescribeConfigs } from './describe-configs.js';
import { kafkaDescribeGroups } from './describe-groups.js';
import type { KafkaHandlerTable } from './dispatcher.js';
import { kafkaEndTxn } from './end-txn.js';
import { kafkaFetch } from './fetch.js';
import { kafkaFindCoordinator } from './find-coordinator.js';
import { kafkaHeartbeat } from './heartbeat.js';
import { kafkaInitProducerId } from './init-producer-id.js';
import { kafkaJoinGroup } from './join-group.js';
import { kafkaLeaveGroup } from './leave-group.js';
import { kafkaListGroups } from './list-groups.js';
import { kafkaListOffsets } from './list-offsets.js';
import { kafkaMetadata } from './metadata.js';
import { kafkaOffsetCommit } from './offset-commit.js';
import { kafkaOffsetFetch } from './offset-fetch.js';
import { kafkaProduce } from './produce.js';
import { kafkaSaslAuthenticate } from './sasl-authenticate.js';
import { kafkaSaslHandshake } from './sasl-handshake.js';
import { kafkaSyncGroup } from './sync-group.js';
import { kafkaTxnOffsetCommit } from './txn-offset-commit.js';

const mappings = {
  Produce: kafkaProduce,
  Fetch: kafkaFetch,
  ListOffsets: kafkaListOffsets,
  Metadata: kafkaMetadata,
  OffsetCommit: kafkaOffsetCommit,
  OffsetFetch: kafkaOffsetFetch,
  FindCoordinator: kafkaFindCoordinator,
  JoinGroup: kafkaJoinGroup,
  Heartbeat: kafkaHeartbeat,
  LeaveGroup: kafkaLeaveGroup,
  SyncGroup: kafkaSyncGroup,
  DescribeGroups: kafkaDescribeGroups,
  ListGroups: kafkaListGroups,
  CreateTopics: kafkaCreateTopics,
  DeleteTopics: kafkaDeleteTopics,
  DeleteGroups: kafkaDeleteGroups,
  DescribeConfigs: kafkaDescribeConfigs,
  InitProducerId: kafkaInitProducerId,
  AddPartitionsToTxn: kafkaAddPartitionsToTxn,
  AddOffsetsToTxn: kafkaAddOffsetsToTxn,
  TxnOffsetCommit: kafkaTxnOffsetCommit,
  EndTxn: kafkaEndTxn,
  CreatePartitions: kafkaCreatePartitions,
  AlterConfigs: kafkaAlterConfigs,
  IncrementalAlterConfigs: kafkaIncrementalAlterConfigs,
  DeleteRecords: kafkaDeleteRecords,
  DescribeAcls: kafkaDescribeAcls,
  CreateAcls: kafkaCreateAcls,
  DeleteAcls: kafkaDeleteAcls,
  SaslHandshake: kafkaSaslHandshake,
  SaslAuthenticate: kafkaSaslAuthenticate,
};

export const kafkaHandlers: KafkaHandlerTable = {
  ...mappings,
  ApiVersions: apiVersionsHandler(new Set([...Object.keys(mappings), 'ApiVersions'])),
};

export { createKafkaDispatcher } from './dispatcher.js';
