// The package root: `import { Client } from 'minibroker'`.
export { Client } from './client.js';
export {
  Admin,
  AdminEvents,
  AlterConfigOperations,
  ConfigResourceTypes,
  ConfigSource,
  type AlterConfigsResult,
  type ConfigEntryDescription,
  type DescribeConfigsResult,
  type AclEntry,
  type AclFilter,
  type DescribeAclResource,
  type GroupDescription,
  type GroupMemberDescription,
  type GroupOffsets,
  type ITopicConfig,
  type ITopicMetadata,
} from './admin/index.js';
export {
  Consumer,
  type ConsumerConfig,
  type SubscribeConfig,
  type TopicPartitionAssignment,
  type AssignOffset,
} from './consumer/index.js';
export type { RebalanceListener } from './consumer/group/types.js';
export type { TopicPattern } from './consumer/group/topic-matcher.js';
export {
  Assignors,
  type AssignInput,
  type Assignor,
  type AssignorMember,
  type GroupAssignment,
  type RebalanceProtocol,
  type TopicPartition,
} from './assignors/index.js';
export { ConsumerEvents } from './consumer/events.js';
export type {
  BatchProcessPayload,
  CommitOffsetsPayload,
  ConsumerEventName,
  ConsumerEventPayloads,
  CrashPayload,
  GroupJoinPayload,
  PartitionsByTopic,
} from './consumer/events.js';
export { Batch, type KafkaMessage } from './consumer/batch.js';
export type { EachBatchPayload, EachMessagePayload, RunConfig } from './consumer/runner.js';
export { Producer, ProducerEvents, type ProducerConfig } from './producer/index.js';
export { Transaction } from './producer/transaction.js';
export type { ConsumerGroupMetadata, OffsetsToSend } from './producer/transaction-manager.js';
export {
  Partitioners,
  partitionForKey,
  type ICustomPartitioner,
  type Partitioner,
  type PartitionerArgs,
} from './producer/partitioner.js';
export { murmur2, toPositive } from './producer/murmur2.js';
export { CompressionTypes, type CompressionType } from '../protocol/compression/codecs.js';
export * from './errors.js';
export { logLevel, type LogLevel, type Logger } from './logger.js';
export type { RetryOptions } from './network/retry.js';
export type { SaslOptions } from './network/sasl.js';
export type { ConsumerRetryOptions, RestartOnFailure } from './consumer/restart-policy.js';
export type { InstrumentationEvent, RemoveListener } from './instrumentation/emitter.js';
export type * from './types.js';
export { ErrorCode } from '../protocol/errors.js';
export { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from '../protocol/acl.js';
