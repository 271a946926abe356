// What the consumer reads: the assigned partitions, where each will be fetched from next, what
// has been prefetched, and which are paused. Pauses are kept by topic and partition so that they
// also apply to partitions assigned later (the group consumer will assign on rebalance).
import type { FetchedRecords } from './batch.js';

export type OffsetReset = 'earliest' | 'latest';

export class PartitionState {
  /** Next offset to fetch; -1 while `reset` is pending. */
  fetchOffset = -1;
  reset: OffsetReset | undefined;
  /** Bumped by seek, pause and stop: prefetched data from before is stale. */
  epoch = 0;
  /** Bumped when the application moves the position (seek, assign with an offset): offsets
   * resolved by a handler that started earlier no longer count. */
  positionEpoch = 0;
  paused = false;
  processing = false;
  highWatermark = -1;
  buffered: FetchedRecords[] = [];

  constructor(
    readonly topic: string,
    readonly partition: number,
  ) {}

  /** Drops prefetched data and fetches from `offset` (or the reset policy) next. */
  restartAt(offset: number | OffsetReset): void {
    this.epoch++;
    this.buffered = [];
    if (typeof offset === 'number') {
      this.fetchOffset = offset;
      this.reset = undefined;
    } else {
      this.fetchOffset = -1;
      this.reset = offset;
    }
  }
}

export class SubscriptionState {
  private readonly byTopic = new Map<string, Map<number, PartitionState>>();
  private list: PartitionState[] = [];
  private readonly pausedTopics = new Set<string>();
  private readonly pausedPartitions = new Map<string, Set<number>>();
  private cursor = 0;

  /** Replaces the assignment; states of partitions kept are kept. */
  assign(partitions: { topic: string; partition: number }[]): PartitionState[] {
    const next = new Map<string, Map<number, PartitionState>>();
    const added: PartitionState[] = [];
    for (const { topic, partition } of partitions) {
      let states = next.get(topic);
      if (!states) next.set(topic, (states = new Map<number, PartitionState>()));
      let state = this.byTopic.get(topic)?.get(partition);
      if (!state) {
        state = new PartitionState(topic, partition);
        added.push(state);
      }
      state.paused = this.isPaused(topic, partition);
      states.set(partition, state);
    }
    this.byTopic.clear();
    for (const [topic, states] of next) this.byTopic.set(topic, states);
    this.list = [...next.values()].flatMap((states) => [...states.values()]);
    this.cursor = 0;
    return added;
  }

  /**
   * Takes these partitions out of the assignment, the others untouched (cooperative revocation);
   * their prefetched data is dropped and a handler call on them ends after its current message.
   */
  remove(partitions: readonly { topic: string; partition: number }[]): PartitionState[] {
    const removed = partitions
      .map((tp) => this.get(tp.topic, tp.partition))
      .filter((s): s is PartitionState => s !== undefined);
    if (removed.length === 0) return removed;
    const gone = new Set(removed);
    this.assign(this.list.filter((s) => !gone.has(s)).map(({ topic, partition }) => ({ topic, partition })));
    for (const state of removed) {
      state.epoch++;
      state.buffered = [];
    }
    return removed;
  }

  get(topic: string, partition: number): PartitionState | undefined {
    return this.byTopic.get(topic)?.get(partition);
  }

  all(): readonly PartitionState[] {
    return this.list;
  }

  topics(): string[] {
    return [...this.byTopic.keys()];
  }

  /** Marks partitions paused (all of the topic's when `partitions` is absent); returns the states affected. */
  pause(topic: string, partitions?: number[]): PartitionState[] {
    if (partitions === undefined) this.pausedTopics.add(topic);
    else {
      let set = this.pausedPartitions.get(topic);
      if (!set) this.pausedPartitions.set(topic, (set = new Set()));
      for (const p of partitions) set.add(p);
    }
    return this.matching(topic, partitions).filter((state) => !state.paused && (state.paused = true));
  }

  resume(topic: string, partitions?: number[]): PartitionState[] {
    if (partitions === undefined) {
      this.pausedTopics.delete(topic);
      this.pausedPartitions.delete(topic);
    } else {
      const set = this.pausedPartitions.get(topic);
      for (const p of partitions) set?.delete(p);
      if (this.pausedTopics.has(topic)) {
        // Resuming some partitions of a paused topic: keep the others paused one by one.
        this.pausedTopics.delete(topic);
        const rest = new Set(
          this.matching(topic)
            .map((s) => s.partition)
            .filter((p) => !partitions.includes(p)),
        );
        this.pausedPartitions.set(topic, rest);
      }
    }
    const resumed: PartitionState[] = [];
    for (const state of this.matching(topic, partitions)) {
      if (state.paused && !this.isPaused(topic, state.partition)) {
        state.paused = false;
        resumed.push(state);
      }
    }
    return resumed;
  }

  paused(): { topic: string; partitions: number[] }[] {
    const out = new Map<string, Set<number>>();
    for (const state of this.list) {
      if (!state.paused) continue;
      let set = out.get(state.topic);
      if (!set) out.set(state.topic, (set = new Set()));
      set.add(state.partition);
    }
    for (const [topic, set] of this.pausedPartitions) {
      if (set.size === 0) continue;
      const merged = out.get(topic) ?? new Set<number>();
      for (const p of set) merged.add(p);
      out.set(topic, merged);
    }
    for (const topic of this.pausedTopics) if (!out.has(topic)) out.set(topic, new Set());
    return [...out].map(([topic, set]) => ({ topic, partitions: [...set].sort((a, b) => a - b) }));
  }

  /** The next partition with prefetched data ready to process, round robin for fairness. */
  nextReady(): PartitionState | undefined {
    const n = this.list.length;
    for (let i = 0; i < n; i++) {
      const state = this.list[(this.cursor + i) % n]!;
      if (state.buffered.length > 0 && !state.paused && !state.processing) {
        this.cursor = (this.cursor + i + 1) % n;
        return state;
      }
    }
    return undefined;
  }

  private isPaused(topic: string, partition: number): boolean {
    return this.pausedTopics.has(topic) || (this.pausedPartitions.get(topic)?.has(partition) ?? false);
  }

  private matching(topic: string, partitions?: number[]): PartitionState[] {
    const states = this.byTopic.get(topic);
    if (!states) return [];
    return partitions === undefined
      ? [...states.values()]
      : partitions.map((p) => states.get(p)).filter((s): s is PartitionState => !!s);
  }
}
