// Offset bookkeeping: the next offset to process per partition (what the handlers resolved) and
// turning 'earliest' / 'latest' into offsets. Committing is the group's (group/commit-manager.ts),
// plugged in through `committer`; without a group nothing is committed.
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP } from '../../protocol/messages.js';
import { listOffsets } from '../admin/list-offsets.js';
import { MinibrokerProtocolError } from '../errors.js';
import type { Cluster } from '../network/cluster.js';
import type { PartitionState } from './subscription-state.js';

export interface TopicOffsets {
  topic: string;
  partitions: { partition: number; offset: string }[];
}

/** The group's side of offsets: what has been committed and when to commit. */
export interface OffsetCommitter {
  isCommitted(state: PartitionState, offset: number): boolean;
  commitOffsetsIfNecessary(): Promise<void>;
}

export class OffsetManager {
  private readonly resolved = new Map<PartitionState, number>();
  committer: OffsetCommitter | undefined;

  constructor(
    private readonly cluster: Cluster,
    /** read_committed (1) resets 'latest' to the last stable offset. */
    private readonly isolationLevel = 0,
  ) {}

  /** Marks everything before `nextOffset` processed. */
  resolveOffset(state: PartitionState, nextOffset: number): void {
    this.resolved.set(state, nextOffset);
  }

  /** The next offset to process, or undefined before the start offset is known. */
  nextOffset(state: PartitionState): number | undefined {
    return this.resolved.get(state);
  }

  forget(states: Iterable<PartitionState>): void {
    for (const state of states) this.resolved.delete(state);
  }

  /** Looks up the offsets of partitions waiting for an 'earliest' / 'latest' reset. */
  async resolveResets(states: readonly PartitionState[]): Promise<void> {
    const pending = states.filter((s) => s.fetchOffset < 0 && s.reset !== undefined);
    const groups = new Map<string, PartitionState[]>();
    for (const state of pending) {
      const key = `${state.reset}|${state.topic}`;
      const list = groups.get(key);
      if (list) list.push(state);
      else groups.set(key, [state]);
    }
    await Promise.all(
      [...groups.values()].map(async (list) => {
        const { topic, reset } = list[0]!;
        const epochs = list.map((s) => s.epoch);
        const answers = await listOffsets(
          this.cluster,
          topic,
          list.map((s) => s.partition),
          reset === 'earliest' ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP,
          this.isolationLevel,
        );
        list.forEach((state, i) => {
          const answer = answers.get(state.partition);
          if (!answer || answer.errorCode !== 0)
            throw new MinibrokerProtocolError(answer?.errorCode ?? -1, `offsets for ${topic}/${state.partition}`);
          // A seek may have happened while we waited; it wins.
          if (state.fetchOffset >= 0 || state.epoch !== epochs[i]) return;
          state.fetchOffset = answer.offset;
          state.reset = undefined;
          this.resolved.set(state, answer.offset);
        });
      }),
    );
  }

  /** The offsets processed and not yet committed (all of them, without a group). */
  uncommittedOffsets(): { topics: TopicOffsets[] } {
    const byTopic = new Map<string, TopicOffsets>();
    for (const [state, offset] of this.resolved) {
      if (this.committer?.isCommitted(state, offset)) continue;
      let entry = byTopic.get(state.topic);
      if (!entry) byTopic.set(state.topic, (entry = { topic: state.topic, partitions: [] }));
      entry.partitions.push({ partition: state.partition, offset: String(offset) });
    }
    return { topics: [...byTopic.values()] };
  }

  /** With a group and autoCommit: commits when the interval or threshold says so. */
  async commitOffsetsIfNecessary(): Promise<void> {
    await this.committer?.commitOffsetsIfNecessary();
  }
}
