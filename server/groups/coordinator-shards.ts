// Coordinator shards: groups hash onto a fixed number of shards as Kafka maps them onto
// __consumer_offsets partitions, and each shard has its own GroupCoordinator. A shard this broker
// does not own (or has not finished loading) answers NOT_COORDINATOR (COORDINATOR_LOAD_IN_PROGRESS).
// Today one broker owns every shard; the ownership check exists so that can change.
import { ErrorCode } from '../../protocol/errors.js';
import { GroupCoordinator, type GroupCoordinatorOptions, type GroupWatcher } from './coordinator.js';
import type { GroupListing } from './types.js';

/** Kafka's default offsets.topic.num.partitions. */
export const DEFAULT_SHARD_COUNT = 50;

/** Java's String.hashCode: 31*h + UTF-16 code unit, in int32. */
export function javaStringHashCode(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(31, h) + text.charCodeAt(i)) | 0;
  return h;
}

/** Kafka's Utils.abs: Integer.MIN_VALUE maps to 0 (Math.abs would give 2^31). */
export function kafkaAbs(n: number): number {
  return n === -2147483648 ? 0 : Math.abs(n);
}

/** The shard coordinating a group: abs(hashCode(groupId)) % shards, as Kafka's partitionFor. */
export function shardForGroup(groupId: string, shardCount: number): number {
  return kafkaAbs(javaStringHashCode(groupId)) % shardCount;
}

export interface FindCoordinatorResult {
  errorCode: number;
  shard: number;
}

export class CoordinatorShards {
  readonly shardCount: number;
  private readonly shards: GroupCoordinator[];

  constructor(options: GroupCoordinatorOptions & { shardCount?: number }) {
    this.shardCount = options.shardCount ?? DEFAULT_SHARD_COUNT;
    if (!Number.isInteger(this.shardCount) || this.shardCount < 1)
      throw new Error(`shardCount must be a positive integer, got ${this.shardCount}`);
    this.shards = Array.from({ length: this.shardCount }, () => new GroupCoordinator(options));
  }

  shardFor(groupId: string): number {
    return shardForGroup(groupId, this.shardCount);
  }

  /** The coordinator of the group's shard; it answers NOT_COORDINATOR itself when the shard is not active here. */
  forGroup(groupId: string): GroupCoordinator {
    return this.shards[this.shardFor(groupId)]!;
  }

  shard(index: number): GroupCoordinator {
    const coordinator = this.shards[index];
    if (!coordinator) throw new RangeError(`no shard ${index} (0..${this.shardCount - 1})`);
    return coordinator;
  }

  /** Takes ownership of a shard: loads its groups from the offsets store. */
  activate(index: number): void {
    this.shard(index).activate((groupId) => this.shardFor(groupId) === index);
  }

  activateAll(): void {
    for (let i = 0; i < this.shardCount; i++) this.activate(i);
  }

  /** Gives a shard up (another broker owns it now). */
  deactivate(index: number): void {
    this.shard(index).deactivate('not-owned');
  }

  isActive(index: number): boolean {
    return this.shard(index).status === 'active';
  }

  /** FindCoordinator: the shard and whether this broker can serve it (COORDINATOR_NOT_AVAILABLE if not). */
  findCoordinator(groupId: string): FindCoordinatorResult {
    const shard = this.shardFor(groupId);
    return { errorCode: this.isActive(shard) ? ErrorCode.NONE : ErrorCode.COORDINATOR_NOT_AVAILABLE, shard };
  }

  /** ListGroups over every active shard; COORDINATOR_LOAD_IN_PROGRESS while one is loading. */
  listGroups(states: readonly string[] = []): { errorCode: number; groups: GroupListing[] } {
    const loading = this.shards.some((s) => s.status === 'loading');
    return {
      errorCode: loading ? ErrorCode.COORDINATOR_LOAD_IN_PROGRESS : ErrorCode.NONE,
      groups: this.shards.flatMap((s) => s.listGroups(states)),
    };
  }

  /** Runs offsets retention on every active shard now. */
  expireOffsets(): void {
    for (const s of this.shards) s.expireOffsets();
  }

  /** Watches the groups of every shard; returns the unwatch function. */
  watch(watcher: GroupWatcher): () => void {
    const unwatch = this.shards.map((s) => s.watch(watcher));
    return () => unwatch.forEach((off) => off());
  }

  /** Fault injection for minibroker/testing only: `reset` forgets every group and committed offset of every shard. */
  readonly testHooks = {
    reset: (): void =>
      this.shards.forEach((s, index) => s.testHooks.reset((groupId) => this.shardFor(groupId) === index)),
  };

  close(): void {
    for (const s of this.shards) s.close();
  }
}
