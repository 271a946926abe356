// The partitions a member owns and how they change hands between generations: taking a new
// assignment (start what it adds, keep what stays), revoking some partitions while the rest go
// on (cooperative, KIP-429), and giving everything back (eager, stop, or lost). The rebalance
// listener sees exactly the partitions each step touches.
import type { TopicPartition } from '../../assignors/types.js';
import type { MinibrokerError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { partitionKey, type AssignmentDelta } from './assignment-protocol.js';
import type { CommitManager } from './commit-manager.js';
import type { ConsumerGroupConfig, GroupHost, RebalanceListener } from './types.js';
import type { UntilReachable } from '../../network/until-reachable.js';

export class PartitionHandover {
  /** What the member holds now, reported in its subscription. */
  owned: TopicPartition[] = [];
  /** The generation `owned` was assigned in (-1 when none). */
  generation = -1;
  /** Revoked since the last join, for the next group_join event and log line. */
  private revokedSinceJoin: TopicPartition[] = [];

  constructor(
    private readonly commits: CommitManager,
    private readonly host: GroupHost,
    private readonly config: ConsumerGroupConfig,
    private readonly logger: Logger,
    /** Waits out a broker outage in the steps that must reach it. */
    private readonly untilReachable: UntilReachable,
  ) {}

  /** Partitions revoked since the last call (the eager revoke before a join, the unsubscribed topics). */
  takeRevoked(): TopicPartition[] {
    return this.revokedSinceJoin.splice(0);
  }

  /**
   * Takes a generation's assignment: revokes what it no longer includes, then fetches the
   * committed offsets of what it adds and starts them. Kept partitions are never stopped.
   */
  async take(assignment: TopicPartition[], generation: number, delta: AssignmentDelta): Promise<void> {
    await this.revoke(delta.revoked);
    this.revokedSinceJoin = [];
    const committed = await this.untilReachable(() => this.commits.fetchCommitted(delta.added));
    await this.untilReachable(() =>
      this.host.assignPartitions(assignment.map((tp) => ({ ...tp, offset: committed.get(partitionKey(tp)) }))),
    );
    this.commits.noteStartPositions();
    this.owned = assignment;
    this.generation = generation;
    await this.callListener('onPartitionsAssigned', delta.added);
    this.host.resumeProcessing();
  }

  /**
   * Cooperative revocation of some owned partitions, the others going on: stop them and wait for
   * their handler calls (drain), commit their progress (autoCommit), then onPartitionsRevoked with
   * just these. Committing before the member rejoins is what lets the next owner continue from it.
   */
  async revoke(partitions: readonly TopicPartition[]): Promise<void> {
    if (partitions.length === 0) return;
    const processed = await this.host.revokePartitions(partitions);
    if (this.commits.autoCommit) {
      const pending = processed.filter((p) => !this.commits.isCommitted(p, p.offset));
      await this.commits
        .commit(pending)
        .catch((error: MinibrokerError) =>
          this.logger.info({ error: error.message }, 'could not commit the revoked partitions'),
        );
    }
    await this.callListener('onPartitionsRevoked', [...partitions]);
    this.commits.forget(partitions);
    const gone = new Set(partitions.map(partitionKey));
    this.owned = this.owned.filter((tp) => !gone.has(partitionKey(tp)));
    this.revokedSinceJoin.push(...partitions);
  }

  /**
   * Gives every partition back: processing stops, then revoked (progress committed first, with
   * autoCommit) or lost (nothing committed: someone else may own them already). `lost` is asked
   * again after the commit, which may find the membership gone. Resolves true when lost.
   */
  async releaseAll(lost: () => boolean): Promise<boolean> {
    await this.host.pauseProcessing();
    const owned = this.owned;
    if (!lost() && this.commits.autoCommit) {
      await this.commits
        .commitProcessed()
        .catch((error: MinibrokerError) =>
          this.logger.info({ error: error.message }, 'could not commit before giving partitions back'),
        );
    }
    const isLost = lost();
    await this.callListener(isLost ? 'onPartitionsLost' : 'onPartitionsRevoked', owned);
    this.commits.forget(owned);
    if (!isLost) this.revokedSinceJoin.push(...owned);
    this.owned = [];
    this.generation = -1;
    await this.host.assignPartitions([]);
    return isLost;
  }

  private async callListener(name: keyof RebalanceListener, partitions: TopicPartition[]): Promise<void> {
    const listener = this.config.rebalanceListener?.[name];
    if (!listener) return;
    try {
      await listener.call(
        this.config.rebalanceListener,
        partitions.map((tp) => ({ topic: tp.topic, partition: tp.partition })),
      );
    } catch (error) {
      this.logger.error({ listener: name, error: (error as Error).message }, 'rebalance listener failed');
    }
  }
}
