// Committed offsets of a group: OffsetFetch on assignment, OffsetCommit of what the handlers
// processed (automatically every autoCommitInterval / autoCommitThreshold records, and on
// revoke, stop and disconnect) or of what the application names. Offsets are "next to read".
// Commits go out one at a time, so an older commit never lands after a newer one.
import { ErrorCode } from '../../../protocol/errors.js';
import type { TopicPartition } from '../../assignors/types.js';
import { MinibrokerProtocolError } from '../../errors.js';
import type { CoordinatorClient } from '../../network/coordinator-client.js';
import type { Retrier } from '../../network/retry.js';
import { ConsumerEvents, type ConsumerEmitter } from '../events.js';
import { partitionKey } from './assignment-protocol.js';

export interface PartitionOffset extends TopicPartition {
  offset: number;
  metadata?: string;
}

export interface CommitContext {
  generationId: number;
  memberId: string;
  groupInstanceId?: string;
}

export interface AutoCommitOptions {
  autoCommit: boolean;
  autoCommitInterval: number;
  /** Commit once this many records were processed since the last commit (absent: interval only). */
  autoCommitThreshold?: number;
}

export interface CommitManagerHooks {
  /** The next offset to process of every assigned partition whose start is known. */
  processed(): PartitionOffset[];
  /** Member id and generation to commit under (generation -1 outside group management). */
  context(): CommitContext;
  /** A commit made under `context` failed with a group error (REBALANCE_IN_PROGRESS, UNKNOWN_MEMBER_ID, ...). */
  onGroupError(code: number, context: CommitContext): void;
}

/** Codes that say the member's view of the group is out of date: rejoin, do not crash. */
export const GROUP_ERRORS: ReadonlySet<number> = new Set([
  ErrorCode.REBALANCE_IN_PROGRESS,
  ErrorCode.UNKNOWN_MEMBER_ID,
  ErrorCode.ILLEGAL_GENERATION,
]);

export class CommitManager {
  private readonly committed = new Map<string, number>();
  /** Where a partition without a committed offset started: the threshold counts from there. */
  private readonly startedAt = new Map<string, number>();
  private auto: AutoCommitOptions = { autoCommit: false, autoCommitInterval: 5000 };
  private lastCommitAt = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly coordinator: CoordinatorClient,
    private readonly retrier: Retrier,
    private readonly emitter: ConsumerEmitter,
    private readonly hooks: CommitManagerHooks,
  ) {}

  get autoCommit(): boolean {
    return this.auto.autoCommit;
  }

  /** Starts the autoCommitInterval timer (commits only when something changed). */
  startAutoCommit(options: AutoCommitOptions): void {
    this.stopAutoCommit();
    this.auto = options;
    if (!options.autoCommit) return;
    this.timer = setInterval(
      () => void this.commitIfNecessary().catch(() => undefined),
      Math.max(1, options.autoCommitInterval),
    );
    this.timer.unref();
  }

  stopAutoCommit(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Committed offsets of these partitions (absent: nothing committed), remembered as the baseline. */
  async fetchCommitted(partitions: readonly TopicPartition[]): Promise<Map<string, number>> {
    const found = new Map<string, number>();
    if (partitions.length === 0) return found;
    const byTopic = new Map<string, number[]>();
    for (const { topic, partition } of partitions)
      (byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!).push(partition);
    const response = await this.retrier(async () => {
      const r = await this.coordinator.request('OffsetFetch', {
        groupId: this.coordinator.groupId,
        topics: [...byTopic].map(([name, list]) => ({ name, partitions: list })),
        allTopics: false,
        requireStable: true,
      });
      this.coordinator.checkMoved(r.errorCode);
      if (r.errorCode !== ErrorCode.NONE) throw new MinibrokerProtocolError(r.errorCode);
      // An open transaction is about to commit offsets here (KIP-447): ask again once it is decided.
      for (const topic of r.topics)
        for (const p of topic.partitions)
          if (p.errorCode === ErrorCode.UNSTABLE_OFFSET_COMMIT)
            throw new MinibrokerProtocolError(p.errorCode, `OffsetFetch ${topic.name}/${p.partition}`);
      return r;
    });
    for (const topic of response.topics) {
      for (const p of topic.partitions) {
        this.coordinator.checkMoved(p.errorCode);
        if (p.errorCode !== ErrorCode.NONE)
          throw new MinibrokerProtocolError(p.errorCode, `OffsetFetch ${topic.name}/${p.partition}`);
        if (p.committedOffset < 0) continue;
        const key = partitionKey({ topic: topic.name, partition: p.partition });
        found.set(key, p.committedOffset);
        this.committed.set(key, p.committedOffset);
      }
    }
    return found;
  }

  /** Forgets the baseline of partitions this member no longer owns. */
  forget(partitions: readonly TopicPartition[]): void {
    for (const tp of partitions) {
      this.committed.delete(partitionKey(tp));
      this.startedAt.delete(partitionKey(tp));
    }
  }

  /** Records the start position of newly assigned partitions that have no committed offset. */
  noteStartPositions(): void {
    for (const p of this.hooks.processed()) {
      const key = partitionKey(p);
      if (!this.committed.has(key) && !this.startedAt.has(key)) this.startedAt.set(key, p.offset);
    }
  }

  /** Processed offsets not committed yet. */
  uncommitted(): PartitionOffset[] {
    return this.hooks.processed().filter((p) => this.committed.get(partitionKey(p)) !== p.offset);
  }

  isCommitted(tp: TopicPartition, offset: number): boolean {
    return this.committed.get(partitionKey(tp)) === offset;
  }

  /** With autoCommit: commits when the interval has passed or the threshold is reached. */
  async commitIfNecessary(): Promise<void> {
    if (!this.auto.autoCommit) return;
    const due = Date.now() - this.lastCommitAt >= this.auto.autoCommitInterval;
    const threshold = this.auto.autoCommitThreshold;
    if (!due && !(threshold !== undefined && this.pendingRecords() >= threshold)) return;
    await this.commitProcessed();
  }

  /** Commits everything processed and not committed yet. */
  commitProcessed(): Promise<void> {
    this.lastCommitAt = Date.now();
    return this.enqueue(() => this.send(this.uncommitted()));
  }

  /** Commits exactly these offsets (manual commitOffsets). */
  commit(offsets: readonly PartitionOffset[]): Promise<void> {
    return this.enqueue(() => this.send(offsets));
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private pendingRecords(): number {
    let count = 0;
    for (const p of this.hooks.processed()) {
      const key = partitionKey(p);
      count += Math.max(0, p.offset - (this.committed.get(key) ?? this.startedAt.get(key) ?? p.offset));
    }
    return count;
  }

  private async send(offsets: readonly PartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    const context = this.hooks.context();
    const byTopic = new Map<string, { partition: number; committedOffset: number; committedMetadata?: string }[]>();
    for (const { topic, partition, offset, metadata } of offsets) {
      (byTopic.get(topic) ?? byTopic.set(topic, []).get(topic)!).push({
        partition,
        committedOffset: offset,
        ...(metadata === undefined ? {} : { committedMetadata: metadata }),
      });
    }
    const response = await this.retrier(async () => {
      const r = await this.coordinator.request('OffsetCommit', {
        groupId: this.coordinator.groupId,
        generationId: context.generationId,
        memberId: context.memberId,
        ...(context.groupInstanceId === undefined ? {} : { groupInstanceId: context.groupInstanceId }),
        topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })),
      });
      for (const t of r.topics) for (const p of t.partitions) this.coordinator.checkMoved(p.errorCode);
      return r;
    });
    let failure: MinibrokerProtocolError | undefined;
    for (const t of response.topics) {
      for (const p of t.partitions) {
        if (p.errorCode !== ErrorCode.NONE) {
          failure ??= new MinibrokerProtocolError(
            p.errorCode,
            `OffsetCommit ${t.name}/${p.partition}: ${new MinibrokerProtocolError(p.errorCode).message}`,
          );
          continue;
        }
        const committed = byTopic.get(t.name)?.find((x) => x.partition === p.partition);
        if (committed)
          this.committed.set(partitionKey({ topic: t.name, partition: p.partition }), committed.committedOffset);
      }
    }
    if (failure) {
      if (GROUP_ERRORS.has(failure.code)) this.hooks.onGroupError(failure.code, context);
      throw failure;
    }
    this.emitter.emit(ConsumerEvents.COMMIT_OFFSETS, () => ({
      groupId: this.coordinator.groupId,
      memberId: context.memberId,
      groupGenerationId: context.generationId,
      topics: [...byTopic].map(([topic, partitions]) => ({
        topic,
        partitions: partitions.map((p) => ({ partition: p.partition, offset: String(p.committedOffset) })),
      })),
    }));
  }
}
