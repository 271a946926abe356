// Settings and callbacks of the group consumer (Kafka's and KafkaJS's names).
import type { Assignor, TopicPartition } from '../../assignors/types.js';
import type { MinibrokerError } from '../../errors.js';
import type { ResolvedRetryOptions } from '../../network/retry.js';

/**
 * Called around rebalances, awaited before the consumer goes on. Revoked: the partitions are
 * given up in an orderly rebalance (their progress was committed first, with autoCommit).
 * Lost: the member was dropped from the group (session expiry, unknown member, poll timeout),
 * so another member may already own them and nothing could be committed. Errors thrown here are
 * logged; the rebalance goes on.
 */
export interface RebalanceListener {
  onPartitionsRevoked?: (partitions: TopicPartition[]) => void | Promise<void>;
  onPartitionsAssigned?: (partitions: TopicPartition[]) => void | Promise<void>;
  onPartitionsLost?: (partitions: TopicPartition[]) => void | Promise<void>;
}

export interface ConsumerGroupConfig {
  groupId: string;
  groupInstanceId?: string;
  sessionTimeout: number;
  rebalanceTimeout: number;
  heartbeatInterval: number;
  maxPollInterval: number;
  /** How often subscribed topics are checked for new partitions or new pattern matches. */
  metadataMaxAge: number;
  assignors: readonly Assignor[];
  rebalanceListener?: RebalanceListener;
  retry: ResolvedRetryOptions;
}

/** What the group needs from the consumer it feeds (consumer/group-host.ts). */
export interface GroupHost {
  /** Stops fetching and processing, waiting for the handler calls in progress. */
  pauseProcessing(): Promise<void>;
  /** Starts (or keeps) fetching and processing the assigned partitions. */
  resumeProcessing(): void;
  /** Replaces the assigned partitions; `offset` absent: the reset policy (fromBeginning / autoOffsetReset). Kept partitions go on untouched. */
  assignPartitions(partitions: { topic: string; partition: number; offset?: number }[]): Promise<void>;
  /**
   * Cooperative revocation: stops fetching and processing these partitions only, waits for their
   * handler calls in progress (drain) and takes them out of the assignment. Resolves with their
   * next offsets to process, for the commit.
   */
  revokePartitions(partitions: readonly TopicPartition[]): Promise<(TopicPartition & { offset: number })[]>;
  longestHandlerMs(): number;
  crash(error: MinibrokerError): void;
}
