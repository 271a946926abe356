// Group membership of one consumer, one generation after another: resolve the subscription,
// join and sync (the leader runs the assignor), fetch the committed offsets of the assignment
// and hand it to the consumer, heartbeat in the background, and when the group moves on (a
// rebalance, new partitions, a lost session, a handler past maxPollInterval) give the
// partitions back — committing and calling onPartitionsRevoked, or onPartitionsLost — and join
// again. One loop does all of it, so membership steps never overlap.
// Eager protocol: everything is revoked before rejoining. Cooperative (KIP-429, decided per
// generation from the chosen assignor): the member keeps processing while it rejoins, revoking
// only topics it no longer subscribes to; after SyncGroup it revokes what the new assignment
// leaves out and, if that is anything, rejoins at once so the partitions can move on.
// partition-handover.ts does the taking and giving back.
import { ErrorCode } from '../../../protocol/errors.js';
import type { JoinGroupResponse, SyncGroupAssignment } from '../../../protocol/messages.js';
import type { RebalanceProtocol } from '../../assignors/types.js';
import { MinibrokerProtocolError, type MinibrokerError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { isCoordinatorMoved } from '../../network/coordinator-client.js';
import { untilReachable, type UntilReachable } from '../../network/until-reachable.js';
import { ConsumerEvents, type ConsumerEmitter } from '../events.js';
import {
  decodeMembers,
  diffAssignment,
  generationProtocol,
  groupTopics,
  joinProtocols,
  leaderAssign,
  subscribedOnly,
} from './assignment-protocol.js';
import type { CommitContext, CommitManager } from './commit-manager.js';
import { announceGeneration } from './generation-events.js';
import { Heartbeater } from './heartbeater.js';
import { GroupMembership, GroupStoppedError, type JoinedGeneration } from './membership.js';
import { PartitionHandover } from './partition-handover.js';
import type { SubscriptionWatcher } from './subscription-watcher.js';
import type { ConsumerGroupConfig, GroupHost } from './types.js';

type LostReason = 'unknown-member' | 'illegal-generation' | 'session-expired' | 'poll-timeout';
type Phase = 'idle' | 'joining' | 'stable' | 'releasing';

export class ConsumerGroup {
  readonly membership: GroupMembership;
  private readonly heartbeater: Heartbeater;
  private readonly handover: PartitionHandover;
  private phase: Phase = 'idle';
  /** The protocol of the current generation. */
  private protocol: RebalanceProtocol = 'eager';
  private joinedTopics: string[] = [];
  private assignedCounts: Map<string, number> | undefined;
  /** Topics resolved while releasing (cooperative), reused by the join that follows. */
  private nextTopics: string[] | undefined;
  private rejoinReason: string | undefined;
  private lost: LostReason | undefined;
  private fatal: MinibrokerError | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;
  /** Aborted by stop(): ends the backoffs of a member waiting out a broker outage. */
  private stopSignal = new AbortController();
  private readonly untilReachable: UntilReachable;

  constructor(
    membership: GroupMembership,
    private readonly commits: CommitManager,
    private readonly watcher: SubscriptionWatcher,
    private readonly config: ConsumerGroupConfig,
    private readonly host: GroupHost,
    private readonly emitter: ConsumerEmitter,
    private readonly logger: Logger,
  ) {
    this.membership = membership;
    this.untilReachable = async (step) => {
      const signal = this.stopSignal.signal;
      try {
        return await untilReachable(step, config.retry, { signal });
      } catch (error) {
        if (signal.aborted) throw new GroupStoppedError();
        throw error;
      }
    };
    this.handover = new PartitionHandover(commits, host, config, logger, this.untilReachable);
    this.heartbeater = new Heartbeater(config, {
      beat: () => this.beat(),
      longestHandlerMs: () => host.longestHandlerMs(),
      onPollTimeout: () => this.lose('poll-timeout'),
      onSessionExpired: () => this.lose('session-expired'),
    });
  }

  /** Joins the group; resolves once the first assignment is in place, rejects if joining fails for good. */
  start(): Promise<void> {
    if (this.loopDone) throw new Error('the group consumer is already running');
    this.stopping = false;
    this.stopSignal = new AbortController();
    let first!: { resolve(): void; reject(error: unknown): void };
    const started = new Promise<void>((resolve, reject) => (first = { resolve, reject }));
    this.loopDone = this.loop(first).finally(() => (this.loopDone = undefined));
    return started;
  }

  /** Gives the partitions back (commit, onPartitionsRevoked) and leaves the group (static members stay until their session expires). */
  async stop(): Promise<void> {
    const done = this.loopDone;
    if (!done) return;
    this.stopping = true;
    this.stopSignal.abort();
    this.wakeUp();
    // A JoinGroup parked at the coordinator returns once we are out of the group.
    if (this.phase === 'joining') {
      if (this.membership.isStatic) return;
      // Cooperative: still processing what it owns; save that progress while the old generation takes commits.
      if (this.handover.owned.length > 0 && this.commits.autoCommit) {
        await this.host.pauseProcessing();
        await this.commits.commitProcessed().catch(() => undefined);
      }
      await this.membership.leave('the consumer is stopping');
    }
    await done;
  }

  /** For the handlers' heartbeat(). */
  heartbeat(): Promise<void> {
    return this.heartbeater.beatIfDue();
  }

  commitContext(): CommitContext {
    const { memberId, generationId } = this.membership;
    const { groupInstanceId } = this.config;
    if (this.phase === 'stable' || this.phase === 'releasing') return { memberId, generationId, groupInstanceId };
    // Cooperative rejoin: the owned partitions are still processed, and the coordinator takes
    // commits of their generation until the next one forms.
    if (this.phase === 'joining' && this.handover.owned.length > 0)
      return { memberId, generationId: this.handover.generation, groupInstanceId };
    return { memberId: '', generationId: -1, groupInstanceId };
  }

  /** A commit failed with a group error: the member's view of the group is out of date. */
  onGroupError(code: number, context?: CommitContext): void {
    // An answer to a commit of an earlier generation (sent while rejoining) says nothing about this one.
    if (
      context &&
      (context.generationId !== this.membership.generationId || context.memberId !== this.membership.memberId)
    )
      return;
    if (code === ErrorCode.REBALANCE_IN_PROGRESS) this.requestRejoin('the group is rebalancing');
    else if (code === ErrorCode.UNKNOWN_MEMBER_ID) this.lose('unknown-member');
    else if (code === ErrorCode.ILLEGAL_GENERATION) this.lose('illegal-generation');
  }

  private async loop(first: { resolve(): void; reject(error: unknown): void }): Promise<void> {
    let started = false;
    try {
      while (!this.stopping) {
        const joined = await this.join();
        this.protocol = generationProtocol(this.config.assignors, joined.protocolName);
        this.phase = 'stable';
        this.heartbeater.start();
        this.watcher.start(
          () =>
            this.phase === 'stable'
              ? {
                  joinedTopics: this.joinedTopics,
                  assignedCounts: this.membership.isLeader ? this.assignedCounts : undefined,
                }
              : undefined,
          (reason) => this.requestRejoin(reason),
        );
        const assignment = subscribedOnly(joined.assignment, this.joinedTopics);
        if (assignment.length < joined.assignment.length)
          this.logger.warn({}, 'the leader assigned topics this member does not subscribe to; ignoring them');
        const delta = diffAssignment(this.handover.owned, assignment);
        const revoked = [...this.handover.takeRevoked(), ...delta.revoked];
        announceGeneration(this.emitter, this.logger, this.config.groupId, joined, {
          rebalanceProtocol: this.protocol,
          revoked,
          assigned: delta.added,
          kept: delta.kept.length,
        });
        await this.handover.take(assignment, joined.generationId, delta);
        // The leader held back what had to move; once given up here, the next rebalance hands it out.
        if (delta.revoked.length > 0)
          this.requestRejoin('partitions were revoked; rejoining so they can be reassigned');
        if (!started) first.resolve();
        started = true;
        await this.waitForRejoin();
        await this.release();
      }
    } catch (caught) {
      const error = MinibrokerProtocolError.from(caught);
      if (!(caught instanceof GroupStoppedError)) {
        if (started) this.host.crash(error);
        else first.reject(error);
      }
      if (!started) first.reject(new GroupStoppedError());
    } finally {
      this.heartbeater.stop();
      this.watcher.stop();
      this.phase = 'idle';
      // Cooperative members hold partitions while they rejoin: stopped then, they give them back.
      if (this.stopping && this.handover.owned.length > 0)
        await this.handover.releaseAll(() => false).catch(() => undefined);
      if (this.handover.owned.length > 0) await this.host.assignPartitions([]).catch(() => undefined);
      this.handover.owned = [];
    }
  }

  private async join(): Promise<JoinedGeneration> {
    this.phase = 'joining';
    this.rejoinReason = undefined;
    this.joinedTopics = this.nextTopics ?? (await this.untilReachable(() => this.watcher.resolve()));
    this.nextTopics = undefined;
    this.assignedCounts = undefined;
    return this.membership.joinAndSync(
      async () => {
        // The coordinator forgot us mid-rejoin (UNKNOWN_MEMBER_ID, ILLEGAL_GENERATION): what we still hold may be someone else's now.
        if (this.handover.owned.length > 0 && this.membership.generationId < 0) {
          this.logger.warn({}, 'lost the membership while rejoining; the partitions still held are lost');
          await this.handover.releaseAll(() => true);
        }
        return joinProtocols(this.config.assignors, {
          topics: this.joinedTopics,
          ownedPartitions: this.handover.owned,
          generationId: this.handover.generation,
        });
      },
      (response) => this.assign(response),
      () => this.stopping,
      this.stopSignal.signal,
    );
  }

  /** The leader's part: every member's subscription, partition counts from metadata, the selected assignor. */
  private async assign(response: JoinGroupResponse): Promise<SyncGroupAssignment[]> {
    const members = decodeMembers(response.members);
    const counts = await this.untilReachable(() => this.watcher.partitionCounts(groupTopics(members)));
    this.assignedCounts = counts;
    if (response.skipAssignment) return [];
    const existing = new Map([...counts].filter(([, count]) => count > 0));
    const assignments = leaderAssign(this.config.assignors, response.protocolName, members, existing);
    this.logger.debug(
      { generationId: response.generationId, members: members.length, protocol: response.protocolName },
      'assigned partitions as leader',
    );
    return assignments;
  }

  /**
   * Before rejoining. Eager, stopping or lost: every partition goes back (revoked, or lost when
   * the membership is gone). Cooperative rebalance: only topics no longer subscribed are revoked.
   */
  private async release(): Promise<void> {
    this.phase = 'releasing';
    this.heartbeater.setWatchPoll(false);
    let lost = this.lost;
    if (lost === 'poll-timeout') {
      this.logger.warn(
        { maxPollInterval: this.config.maxPollInterval },
        'a handler ran longer than maxPollInterval; leaving the group until it returns',
      );
      this.heartbeater.stop();
      if (this.membership.isStatic) this.membership.resetGeneration();
      else await this.membership.leave('handler exceeded maxPollInterval');
    } else if (lost) {
      this.heartbeater.stop();
    } else if (!this.stopping) {
      this.logger.info({ reason: this.rejoinReason, rebalanceProtocol: this.protocol }, 'rebalancing');
      this.emitter.emit(ConsumerEvents.REBALANCING, () => ({
        groupId: this.config.groupId,
        memberId: this.membership.memberId,
      }));
      if (this.protocol === 'cooperative') {
        this.heartbeater.stop();
        await this.revokeUnsubscribed();
        if (!this.lost) return;
      }
    }
    await this.handover.releaseAll(() => (lost ??= this.lost) !== undefined);
    this.heartbeater.stop();
    if (lost === 'unknown-member' || lost === 'session-expired') this.membership.resetMember();
    else if (lost === 'illegal-generation') this.membership.resetGeneration();
    if (this.stopping && !lost && !this.membership.isStatic) await this.membership.leave('the consumer is stopping');
    this.lost = undefined;
  }

  /** Cooperative: keeps processing through the rebalance, giving up only topics the subscription no longer covers. */
  private async revokeUnsubscribed(): Promise<void> {
    const topics = await this.untilReachable(() => this.watcher.resolve());
    this.nextTopics = topics;
    const subscribed = new Set(topics);
    await this.handover.revoke(this.handover.owned.filter((tp) => !subscribed.has(tp.topic)));
  }

  private waitForRejoin(): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (this.fatal) {
          const error = this.fatal;
          this.fatal = undefined;
          reject(error);
        } else if (this.stopping || this.lost || this.rejoinReason !== undefined) resolve();
        else return false;
        this.wake = undefined;
        return true;
      };
      if (!check()) this.wake = () => void check();
    });
  }

  private wakeUp(): void {
    this.wake?.();
  }

  private requestRejoin(reason: string): void {
    if (this.phase !== 'stable') return;
    this.rejoinReason ??= reason;
    this.wakeUp();
  }

  private lose(reason: LostReason): void {
    if (this.phase !== 'stable' && this.phase !== 'releasing') return;
    this.lost ??= reason;
    this.wakeUp();
  }

  private async beat(): Promise<boolean> {
    const { generationId, memberId } = this.membership;
    let code: number;
    try {
      code = await this.membership.heartbeat();
    } catch {
      return false; // connection trouble: the next tick tries again, the session deadline decides
    }
    // An answer about an earlier generation says nothing about this one.
    if (
      generationId !== this.membership.generationId ||
      memberId !== this.membership.memberId ||
      this.phase === 'joining' ||
      this.phase === 'idle'
    )
      return false;
    switch (code) {
      case ErrorCode.NONE:
        this.emitter.emit(ConsumerEvents.HEARTBEAT, () => ({
          groupId: this.config.groupId,
          memberId,
          groupGenerationId: generationId,
        }));
        return true;
      case ErrorCode.REBALANCE_IN_PROGRESS:
        this.requestRejoin('the group is rebalancing');
        return true;
      case ErrorCode.UNKNOWN_MEMBER_ID:
        this.lose('unknown-member');
        return false;
      case ErrorCode.ILLEGAL_GENERATION:
        this.lose('illegal-generation');
        return false;
      default:
        if (isCoordinatorMoved(code) || code === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) return false;
        this.fatal ??= new MinibrokerProtocolError(
          code,
          `Heartbeat for group "${this.config.groupId}": ${new MinibrokerProtocolError(code).message}`,
        );
        this.wakeUp();
        return false;
    }
  }
}
