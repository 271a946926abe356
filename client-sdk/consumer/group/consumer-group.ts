// Group membership of one consumer, one generation after another: resolve the subscription,
// join and sync (the leader runs the assignor), fetch the committed offsets of the assignment
// and hand it to the consumer, heartbeat in the background, and when the group moves on (a
// rebalance, new partitions, a lost session, a handler past maxPollInterval) give the
// partitions back — committing and calling onPartitionsRevoked, or onPartitionsLost — and join
// again. One loop does all of it, so membership steps never overlap.
// Eager protocol: everything is revoked before rejoining. The subscription already reports owned
// partitions and their generation, and assignments are diffed, so cooperative rebalancing only
// has to keep the partitions the diff says stay.
import { ErrorCode } from '../../../protocol/errors.js';
import type { JoinGroupResponse, SyncGroupAssignment } from '../../../protocol/messages.js';
import type { TopicPartition } from '../../assignors/types.js';
import { MinibrokerProtocolError, type MinibrokerError } from '../../errors.js';
import type { InstrumentationEmitter } from '../../instrumentation/emitter.js';
import type { Logger } from '../../logger.js';
import { isCoordinatorMoved } from '../../network/coordinator-client.js';
import { ConsumerEvents } from '../events.js';
import { byTopic, decodeMembers, diffAssignment, groupTopics, joinProtocols, leaderAssign, partitionKey } from './assignment-protocol.js';
import type { CommitContext, CommitManager } from './commit-manager.js';
import { Heartbeater } from './heartbeater.js';
import { GroupMembership, GroupStoppedError, type JoinedGeneration } from './membership.js';
import type { SubscriptionWatcher } from './subscription-watcher.js';
import type { ConsumerGroupConfig, RebalanceListener } from './types.js';

/** What the group needs from the consumer it feeds. */
export interface GroupHost {
  /** Stops fetching and processing, waiting for the handler calls in progress. */
  pauseProcessing(): Promise<void>;
  resumeProcessing(): void;
  /** Replaces the assigned partitions; `offset` absent: the reset policy (fromBeginning / autoOffsetReset). */
  assignPartitions(partitions: { topic: string; partition: number; offset?: number }[]): Promise<void>;
  longestHandlerMs(): number;
  crash(error: MinibrokerError): void;
}

type LostReason = 'unknown-member' | 'illegal-generation' | 'session-expired' | 'poll-timeout';
type Phase = 'idle' | 'joining' | 'stable' | 'releasing';

export class ConsumerGroup {
  readonly membership: GroupMembership;
  private readonly heartbeater: Heartbeater;
  private phase: Phase = 'idle';
  private owned: TopicPartition[] = [];
  private ownedGeneration = -1;
  private joinedTopics: string[] = [];
  private assignedCounts: Map<string, number> | undefined;
  private rejoinReason: string | undefined;
  private lost: LostReason | undefined;
  private fatal: MinibrokerError | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private loopDone: Promise<void> | undefined;

  constructor(
    membership: GroupMembership,
    private readonly commits: CommitManager,
    private readonly watcher: SubscriptionWatcher,
    private readonly config: ConsumerGroupConfig,
    private readonly host: GroupHost,
    private readonly emitter: InstrumentationEmitter,
    private readonly logger: Logger,
  ) {
    this.membership = membership;
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
    this.wakeUp();
    // A JoinGroup parked at the coordinator returns once we are out of the group.
    if (this.phase === 'joining') {
      if (this.membership.isStatic) return;
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
    const stable = this.phase === 'stable' || this.phase === 'releasing';
    return { memberId: stable ? memberId : '', generationId: stable ? generationId : -1, groupInstanceId: this.config.groupInstanceId };
  }

  /** A commit failed with a group error: the member's view of the group is out of date. */
  onGroupError(code: number): void {
    if (code === ErrorCode.REBALANCE_IN_PROGRESS) this.requestRejoin('the group is rebalancing');
    else if (code === ErrorCode.UNKNOWN_MEMBER_ID) this.lose('unknown-member');
    else if (code === ErrorCode.ILLEGAL_GENERATION) this.lose('illegal-generation');
  }

  private async loop(first: { resolve(): void; reject(error: unknown): void }): Promise<void> {
    let started = false;
    try {
      while (!this.stopping) {
        const joined = await this.join();
        this.phase = 'stable';
        this.heartbeater.start();
        this.watcher.start(
          () => (this.phase === 'stable' ? { joinedTopics: this.joinedTopics, assignedCounts: this.membership.isLeader ? this.assignedCounts : undefined } : undefined),
          (reason) => this.requestRejoin(reason),
        );
        this.emitter.emit(ConsumerEvents.GROUP_JOIN, () => ({
          groupId: this.config.groupId,
          memberId: joined.memberId,
          leaderId: joined.leaderId,
          isLeader: joined.isLeader,
          generationId: joined.generationId,
          memberAssignment: byTopic(joined.assignment),
          groupProtocol: joined.protocolName,
          duration: joined.duration,
        }));
        await this.assigned(joined);
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
      if (this.owned.length > 0) await this.host.assignPartitions([]).catch(() => undefined);
      this.owned = [];
    }
  }

  private async join(): Promise<JoinedGeneration> {
    this.phase = 'joining';
    this.rejoinReason = undefined;
    this.joinedTopics = await this.watcher.resolve();
    this.assignedCounts = undefined;
    return this.membership.joinAndSync(
      () => joinProtocols(this.config.assignors, { topics: this.joinedTopics, ownedPartitions: this.owned, generationId: this.ownedGeneration }),
      (response) => this.assign(response),
      () => this.stopping,
    );
  }

  /** The leader's part: every member's subscription, partition counts from metadata, the selected assignor. */
  private async assign(response: JoinGroupResponse): Promise<SyncGroupAssignment[]> {
    const members = decodeMembers(response.members);
    const counts = await this.watcher.partitionCounts(groupTopics(members));
    this.assignedCounts = counts;
    if (response.skipAssignment) return [];
    const existing = new Map([...counts].filter(([, count]) => count > 0));
    const assignments = leaderAssign(this.config.assignors, response.protocolName, members, existing);
    this.logger.debug({ groupId: this.config.groupId, generationId: response.generationId, members: members.length, protocol: response.protocolName }, 'assigned partitions as leader');
    return assignments;
  }

  private async assigned(joined: JoinedGeneration): Promise<void> {
    const subscribed = new Set(this.joinedTopics);
    const assignment = joined.assignment.filter((tp) => subscribed.has(tp.topic));
    if (assignment.length < joined.assignment.length) this.logger.warn({ groupId: this.config.groupId }, 'the leader assigned topics this member does not subscribe to; ignoring them');
    const { added } = diffAssignment(this.owned, assignment);
    const committed = await this.commits.fetchCommitted(added);
    await this.host.assignPartitions(assignment.map((tp) => ({ ...tp, offset: committed.get(partitionKey(tp)) })));
    this.owned = assignment;
    this.ownedGeneration = joined.generationId;
    await this.callListener('onPartitionsAssigned', added);
    this.host.resumeProcessing();
  }

  /** Eager: every partition goes back before the member rejoins (revoked, or lost when the membership is gone). */
  private async release(): Promise<void> {
    this.phase = 'releasing';
    this.heartbeater.setWatchPoll(false);
    let lost = this.lost;
    if (lost === 'poll-timeout') {
      this.logger.warn({ groupId: this.config.groupId, maxPollInterval: this.config.maxPollInterval }, 'a handler ran longer than maxPollInterval; leaving the group until it returns');
      this.heartbeater.stop();
      if (this.membership.isStatic) this.membership.resetGeneration();
      else await this.membership.leave('handler exceeded maxPollInterval');
    } else if (lost) {
      this.heartbeater.stop();
    } else if (!this.stopping) {
      this.logger.info({ groupId: this.config.groupId, reason: this.rejoinReason }, 'rebalancing');
      this.emitter.emit(ConsumerEvents.REBALANCING, () => ({ groupId: this.config.groupId, memberId: this.membership.memberId }));
    }
    await this.host.pauseProcessing();
    const owned = this.owned;
    if (!lost && this.commits.autoCommit) {
      await this.commits.commitProcessed().catch((error: MinibrokerError) =>
        this.logger.info({ groupId: this.config.groupId, error: error.message }, 'could not commit before giving partitions back'));
    }
    lost ??= this.lost;
    await this.callListener(lost ? 'onPartitionsLost' : 'onPartitionsRevoked', owned);
    this.commits.forget(owned);
    this.owned = [];
    this.ownedGeneration = -1;
    await this.host.assignPartitions([]);
    this.heartbeater.stop();
    if (lost === 'unknown-member' || lost === 'session-expired') this.membership.resetMember();
    else if (lost === 'illegal-generation') this.membership.resetGeneration();
    if (this.stopping && !lost && !this.membership.isStatic) await this.membership.leave('the consumer is stopping');
    this.lost = undefined;
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
    if (generationId !== this.membership.generationId || memberId !== this.membership.memberId || this.phase === 'joining' || this.phase === 'idle') return false;
    switch (code) {
      case ErrorCode.NONE:
        this.emitter.emit(ConsumerEvents.HEARTBEAT, () => ({ groupId: this.config.groupId, memberId, groupGenerationId: generationId }));
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
        this.fatal ??= new MinibrokerProtocolError(code, `Heartbeat for group "${this.config.groupId}": ${new MinibrokerProtocolError(code).message}`);
        this.wakeUp();
        return false;
    }
  }

  private async callListener(name: keyof RebalanceListener, partitions: TopicPartition[]): Promise<void> {
    const listener = this.config.rebalanceListener?.[name];
    if (!listener) return;
    try {
      await listener.call(this.config.rebalanceListener, partitions.map((tp) => ({ topic: tp.topic, partition: tp.partition })));
    } catch (error) {
      this.logger.error({ groupId: this.config.groupId, listener: name, error: (error as Error).message }, 'rebalance listener failed');
    }
  }
}
