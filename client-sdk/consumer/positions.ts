// Where each assigned partition reads from: start offsets from assign(), seek() or the group's
// committed offsets, 'earliest' / 'latest' resets, and rewinding to the next offset to process
// when prefetched data is dropped (stop, pause, rebalance).
import { ErrorCode } from '../../protocol/errors.js';
import { MinibrokerInvalidArgumentError } from '../errors.js';
import type { Cluster } from '../network/cluster.js';
import type { PartitionOffset } from './group/commit-manager.js';
import type { OffsetManager } from './offset-manager.js';
import type { OffsetReset, PartitionState, SubscriptionState } from './subscription-state.js';

/** An offset (number or numeric string), or an OffsetReset ('earliest' | 'latest'). */
export type AssignOffset = string | number;

export class Positions {
  constructor(
    private readonly cluster: Cluster,
    private readonly subscriptions: SubscriptionState,
    private readonly offsets: OffsetManager,
    private readonly autoOffsetReset: OffsetReset | 'none',
  ) {}

  /** Loads metadata for the assigned topics, checks the partitions exist, resolves start offsets. */
  async prepare(): Promise<void> {
    const states = this.subscriptions.all();
    const topics = this.subscriptions.topics();
    if (topics.length > 0) await this.cluster.ensureTopics(topics, false);
    for (const state of states) {
      const count = this.cluster.topicMetadata(state.topic)?.partitions.length ?? 0;
      if (state.partition >= count) {
        throw new MinibrokerInvalidArgumentError(
          `partition ${state.partition} does not exist: topic "${state.topic}" has ${count} partitions`,
          ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
          'UNKNOWN_TOPIC_OR_PARTITION',
        );
      }
    }
    await this.offsets.resolveResets(states);
  }

  startOffset(offset: AssignOffset | undefined, fromBeginning: boolean | undefined): number | OffsetReset {
    if (offset === 'earliest' || offset === 'latest') return offset;
    if (offset === undefined || offset === null) {
      if (fromBeginning !== undefined) return fromBeginning ? 'earliest' : 'latest';
      if (this.autoOffsetReset === 'none')
        throw new MinibrokerInvalidArgumentError(`an offset is required when autoOffsetReset is 'none'`);
      return this.autoOffsetReset;
    }
    const n =
      typeof offset === 'number' ? offset : typeof offset === 'string' && /^\d+$/.test(offset) ? Number(offset) : NaN;
    if (!Number.isSafeInteger(n) || n < 0)
      throw new MinibrokerInvalidArgumentError(
        `offset must be a non-negative integer (or 'earliest' / 'latest'), got ${String(offset)}`,
      );
    return n;
  }

  restart(state: PartitionState, start: number | OffsetReset): void {
    state.restartAt(start);
    state.positionEpoch++;
    if (typeof start === 'number') this.offsets.resolveOffset(state, start);
    else this.offsets.forget([state]);
  }

  /** Drops prefetched data and fetches again from the next offset to process. */
  rewind(state: PartitionState): void {
    const next = this.offsets.nextOffset(state);
    state.restartAt(next ?? state.reset ?? this.fallbackReset());
  }

  rewindAll(): void {
    for (const state of this.subscriptions.all()) this.rewind(state);
  }

  /** The group's assignment replaces the partitions; new ones start at the committed offset, else per fromBeginning / autoOffsetReset. */
  async assignFromGroup(
    partitions: { topic: string; partition: number; offset?: number }[],
    fromBeginning: boolean | undefined,
  ): Promise<void> {
    const before = this.subscriptions.all();
    const added = new Set(this.subscriptions.assign(partitions));
    this.offsets.forget(before.filter((state) => this.subscriptions.get(state.topic, state.partition) !== state));
    for (const { topic, partition, offset } of partitions) {
      const state = this.subscriptions.get(topic, partition)!;
      if (added.has(state)) this.restart(state, offset ?? this.startOffset(undefined, fromBeginning));
    }
    if (partitions.length === 0) return;
    this.cluster.addTargetTopics(this.subscriptions.topics());
    // The leader may have seen partitions our metadata cache has not.
    if (partitions.some((p) => p.partition >= (this.cluster.topicMetadata(p.topic)?.partitions.length ?? 0)))
      await this.cluster.refreshMetadata();
    await this.prepare();
  }

  /** The next offset to process of every assigned partition whose start is known (what a commit sends). */
  processed(): PartitionOffset[] {
    const out: PartitionOffset[] = [];
    for (const state of this.subscriptions.all()) {
      const offset = this.offsets.nextOffset(state);
      if (offset !== undefined) out.push({ topic: state.topic, partition: state.partition, offset });
    }
    return out;
  }

  private fallbackReset(): OffsetReset {
    return this.autoOffsetReset === 'none' ? 'earliest' : this.autoOffsetReset;
  }
}
