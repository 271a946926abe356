// The consumer's side of group membership (group/types.ts GroupHost): the group pauses, resumes,
// reassigns and revokes partitions through it, and it turns that into fetcher, runner and
// position calls. Cut out of the facade so the facade stays the public API only.
import type { TopicPartition } from '../assignors/types.js';
import type { MinibrokerError } from '../errors.js';
import type { Fetcher } from './fetcher.js';
import type { GroupHost } from './group/types.js';
import type { OffsetManager } from './offset-manager.js';
import type { Positions } from './positions.js';
import type { Runner } from './runner.js';
import type { SubscriptionState } from './subscription-state.js';

export interface GroupHostParts {
  runner: Runner;
  fetcher: Fetcher;
  positions: Positions;
  subscriptions: SubscriptionState;
  offsets: OffsetManager;
  /** False once the consumer stopped or replaced this runner: nothing may restart it. */
  isCurrent(): boolean;
  fromBeginning(): boolean | undefined;
  crash(error: MinibrokerError): void;
}

export function createGroupHost(parts: GroupHostParts): GroupHost {
  const { runner, fetcher, positions, subscriptions, offsets } = parts;
  return {
    pauseProcessing: async () => {
      await Promise.all([runner.stop(), fetcher.stop()]);
      positions.rewindAll();
    },
    resumeProcessing: () => {
      if (!parts.isCurrent()) return;
      fetcher.start();
      runner.start();
    },
    assignPartitions: async (partitions) => {
      await positions.assignFromGroup(partitions, parts.fromBeginning());
      // Cooperative: the fetcher runs on; new partitions join the next fetch without waiting out a long poll.
      fetcher.notifyReset();
    },
    revokePartitions: async (partitions: readonly TopicPartition[]) => {
      const states = subscriptions.remove(partitions);
      fetcher.notifyReset();
      await runner.drain(states);
      const processed: (TopicPartition & { offset: number })[] = [];
      for (const state of states) {
        const offset = offsets.nextOffset(state);
        if (offset !== undefined) processed.push({ topic: state.topic, partition: state.partition, offset });
      }
      offsets.forget(states);
      return processed;
    },
    longestHandlerMs: () => runner.longestHandlerMs(),
    crash: (error) => parts.crash(error),
  };
}
