// The consumer's event names, namespaced as KafkaJS's, and the payload each one carries, so a
// listener's `payload` is typed from the event name alone.
import type { RebalanceProtocol } from '../assignors/types.js';
import type { MinibrokerError } from '../errors.js';
import type { InstrumentationEmitter } from '../instrumentation/emitter.js';

export const ConsumerEvents = {
  CONNECT: 'consumer.connect',
  DISCONNECT: 'consumer.disconnect',
  STOP: 'consumer.stop',
  CRASH: 'consumer.crash',
  GROUP_JOIN: 'consumer.group_join',
  REBALANCING: 'consumer.rebalancing',
  HEARTBEAT: 'consumer.heartbeat',
  COMMIT_OFFSETS: 'consumer.commit_offsets',
  FETCH_START: 'consumer.fetch_start',
  FETCH: 'consumer.fetch',
  START_BATCH_PROCESS: 'consumer.start_batch_process',
  END_BATCH_PROCESS: 'consumer.end_batch_process',
} as const;

export type ConsumerEventName = (typeof ConsumerEvents)[keyof typeof ConsumerEvents];

/** Partitions by topic, sorted: `{ orders: [0, 2] }`. */
export type PartitionsByTopic = Record<string, number[]>;

export interface GroupJoinPayload {
  groupId: string;
  memberId: string;
  leaderId: string;
  isLeader: boolean;
  generationId: number;
  memberAssignment: PartitionsByTopic;
  groupProtocol: string;
  rebalanceProtocol: RebalanceProtocol;
  /** Given up since the previous generation: everything under eager, only what moves under cooperative. */
  revoked: PartitionsByTopic;
  /** Started in this generation. */
  assigned: PartitionsByTopic;
  /** Milliseconds from the first JoinGroup to the SyncGroup answer. */
  duration: number;
}

export interface CrashPayload {
  error: MinibrokerError;
  groupId: string | undefined;
  /** True when the consumer runs again by itself after a backoff. */
  restart: boolean;
}

export interface CommitOffsetsPayload {
  groupId: string;
  memberId: string;
  groupGenerationId: number;
  topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
}

export interface BatchProcessPayload {
  topic: string;
  partition: number;
  highWatermark: string;
  offsetLag: string;
  offsetLagLow: string;
  batchSize: number;
  firstOffset: string | null;
  lastOffset: string;
}

export interface ConsumerEventPayloads {
  'consumer.connect': Record<string, never>;
  'consumer.disconnect': Record<string, never>;
  'consumer.stop': Record<string, never>;
  'consumer.crash': CrashPayload;
  'consumer.group_join': GroupJoinPayload;
  'consumer.rebalancing': { groupId: string; memberId: string };
  'consumer.heartbeat': { groupId: string; memberId: string; groupGenerationId: number };
  'consumer.commit_offsets': CommitOffsetsPayload;
  'consumer.fetch_start': { nodeId: number };
  'consumer.fetch': { numberOfBatches: number; duration: number; nodeId: number };
  'consumer.start_batch_process': BatchProcessPayload;
  'consumer.end_batch_process': BatchProcessPayload & { duration: number };
}

export type ConsumerEmitter = InstrumentationEmitter<ConsumerEventPayloads>;
