// The timer-driven half of the state machine: session expiry, KIP-394 pending members, the join
// phase (with the KIP-134 initial delay), the pending-sync deadline, and answering parked
// JoinGroup/SyncGroup requests. Mirrors Kafka's GroupCoordinator delayed operations.
import { ErrorCode } from '../../protocol/errors.js';
import type { Clock } from './clock.js';
import type { GroupEvent, GroupEventListener } from './group-events.js';
import type { GroupConfig } from './group-config.js';
import { canTransition } from './group-state.js';
import type { Group } from './group.js';
import type { GroupMember } from './member.js';
import type { JoinGroupResult, SyncGroupResult } from './types.js';

const EMPTY = new Uint8Array();

export function joinError(memberId: string, errorCode: number): JoinGroupResult {
  return {
    errorCode,
    generationId: -1,
    protocolType: null,
    protocolName: null,
    leader: '',
    skipAssignment: false,
    memberId,
    members: [],
  };
}

export function syncError(errorCode: number): SyncGroupResult {
  return { errorCode, protocolType: null, protocolName: null, assignment: EMPTY };
}

export class Rebalancer {
  constructor(
    private readonly config: GroupConfig,
    private readonly clock: Clock,
    private readonly events?: GroupEventListener,
  ) {}

  /** Tells the listener, if any (logs, metrics). */
  emit(event: GroupEvent): void {
    this.events?.(event);
  }

  // ------------------------------------------------------------ parked requests

  answerJoin(member: GroupMember, result: JoinGroupResult): void {
    const respond = member.awaitingJoin;
    member.awaitingJoin = undefined;
    respond?.(result);
  }

  answerSync(member: GroupMember, result: SyncGroupResult): void {
    const respond = member.awaitingSync;
    member.awaitingSync = undefined;
    respond?.(result);
  }

  /** The JoinGroup answer for the current generation; the leader's lists the members. */
  currentJoinResult(group: Group, member: GroupMember): JoinGroupResult {
    return {
      errorCode: ErrorCode.NONE,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leader: group.leaderId ?? '',
      skipAssignment: false,
      memberId: member.memberId,
      members: group.isLeader(member.memberId) ? group.currentMemberMetadata() : [],
    };
  }

  // ------------------------------------------------------------ liveness

  /** (Re)starts a member's session timer; a new member gets the longer new-member timeout. */
  scheduleExpiry(
    group: Group,
    member: GroupMember,
    timeoutMs = member.isNew ? this.config.newMemberJoinTimeoutMs : member.sessionTimeoutMs,
  ): void {
    member.expiry?.cancel();
    member.expiry = this.clock.schedule(timeoutMs, () => this.onMemberExpired(group, member));
  }

  private onMemberExpired(group: Group, member: GroupMember): void {
    if (group.is('Dead') || group.members.get(member.memberId) !== member) return;
    // A parked JoinGroup or SyncGroup counts as liveness, except for a new member (its join may be abandoned).
    if (!member.isNew && (member.isAwaitingJoin || member.isAwaitingSync)) {
      this.scheduleExpiry(group, member);
      return;
    }
    this.removeMemberAndUpdateGroup(group, member, 'expired', 'session timeout');
  }

  addPendingMember(group: Group, memberId: string, sessionTimeoutMs: number): void {
    group.addPendingMember(
      memberId,
      this.clock.schedule(sessionTimeoutMs, () => this.removePendingMember(group, memberId)),
    );
  }

  removePendingMember(group: Group, memberId: string): void {
    if (group.is('Dead')) return;
    group.remove(memberId);
    if (group.is('PreparingRebalance')) this.tryCompleteJoin(group);
  }

  removeMemberAndUpdateGroup(
    group: Group,
    member: GroupMember,
    how: 'left' | 'expired' = 'left',
    reason = 'removed',
  ): void {
    this.answerJoin(member, joinError('', ErrorCode.UNKNOWN_MEMBER_ID));
    this.answerSync(member, syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    group.remove(member.memberId);
    this.emit({
      type: how === 'left' ? 'member-left' : 'member-expired',
      groupId: group.groupId,
      generationId: group.generationId,
      memberId: member.memberId,
      reason,
    });
    if (group.is('Stable') || group.is('CompletingRebalance'))
      this.maybePrepareRebalance(group, `member ${member.memberId} ${how} (${reason})`);
    else if (group.is('PreparingRebalance')) this.tryCompleteJoin(group);
  }

  // ------------------------------------------------------------ join phase

  maybePrepareRebalance(group: Group, reason = 'unspecified'): void {
    if (canTransition(group.state, 'PreparingRebalance')) this.prepareRebalance(group, reason);
  }

  prepareRebalance(group: Group, reason = 'unspecified'): void {
    if (group.is('CompletingRebalance')) this.resetAndPropagateAssignmentError(group, ErrorCode.REBALANCE_IN_PROGRESS);
    this.clearPendingSync(group);
    group.joinTimer?.cancel();
    const fromEmpty = group.is('Empty');
    group.rebalanceStartedAt = this.clock.now();
    group.transitionTo('PreparingRebalance', group.rebalanceStartedAt);
    this.emit({
      type: 'rebalance-started',
      groupId: group.groupId,
      generationId: group.generationId,
      reason,
      members: group.size,
    });
    if (fromEmpty) {
      // KIP-134: the first generation waits for more joiners and never completes early.
      const delay = this.config.groupInitialRebalanceDelayMs;
      group.inInitialDelay = true;
      group.newMemberAdded = false;
      group.initialDelayRemainingMs = Math.max(group.rebalanceTimeoutMs - delay, 0);
      group.joinTimer = this.clock.schedule(delay, () => this.onInitialDelayExpired(group, delay));
    } else {
      group.inInitialDelay = false;
      group.joinTimer = this.clock.schedule(group.rebalanceTimeoutMs, () => this.completeJoin(group));
      this.tryCompleteJoin(group);
    }
  }

  private onInitialDelayExpired(group: Group, previousDelay: number): void {
    if (!group.is('PreparingRebalance')) return;
    const remaining = group.initialDelayRemainingMs;
    if (group.newMemberAdded && remaining !== 0) {
      group.newMemberAdded = false;
      const delay = Math.min(this.config.groupInitialRebalanceDelayMs, remaining);
      group.initialDelayRemainingMs = Math.max(remaining - previousDelay, 0);
      group.joinTimer = this.clock.schedule(delay, () => this.onInitialDelayExpired(group, delay));
      return;
    }
    this.completeJoin(group);
  }

  /** Completes the join phase now if every member rejoined and no KIP-394 member is outstanding. */
  tryCompleteJoin(group: Group): void {
    if (group.is('PreparingRebalance') && !group.inInitialDelay && group.hasAllMembersJoined())
      this.completeJoin(group);
  }

  completeJoin(group: Group): void {
    if (!group.is('PreparingRebalance')) return;
    group.joinTimer?.cancel();
    group.joinTimer = undefined;
    group.inInitialDelay = false;
    // Dynamic members that did not rejoin are out; static ones stay until their session expires.
    for (const member of group.notYetRejoined()) {
      if (member.isStatic) continue;
      group.remove(member.memberId);
      this.emit({
        type: 'member-expired',
        groupId: group.groupId,
        generationId: group.generationId,
        memberId: member.memberId,
        reason: 'did not rejoin in time',
      });
    }
    if (!group.maybeElectNewJoinedLeader() && group.size > 0) {
      // Only static members that did not rejoin are left: wait another round for them to rejoin or expire.
      group.joinTimer = this.clock.schedule(group.rebalanceTimeoutMs, () => this.completeJoin(group));
      return;
    }
    group.initNextGeneration(this.clock.now());
    if (group.is('Empty')) return this.emitCompleted(group);
    for (const member of group.members.values()) {
      this.answerJoin(member, this.currentJoinResult(group, member));
      member.isNew = false;
      this.scheduleExpiry(group, member);
      group.pendingSyncMembers.add(member.memberId);
    }
    const generation = group.generationId;
    group.syncTimer = this.clock.schedule(group.rebalanceTimeoutMs, () => this.onPendingSyncExpired(group, generation));
  }

  // ------------------------------------------------------------ sync phase

  /** A member synced: once all have, the pending-sync deadline is off. */
  removePendingSyncMember(group: Group, memberId: string): void {
    group.pendingSyncMembers.delete(memberId);
    if (group.pendingSyncMembers.size === 0) this.clearPendingSync(group);
  }

  private clearPendingSync(group: Group): void {
    group.pendingSyncMembers.clear();
    group.syncTimer?.cancel();
    group.syncTimer = undefined;
  }

  private onPendingSyncExpired(group: Group, generation: number): void {
    group.syncTimer = undefined;
    if (generation !== group.generationId || !(group.is('CompletingRebalance') || group.is('Stable'))) return;
    if (group.pendingSyncMembers.size === 0) return;
    for (const memberId of [...group.pendingSyncMembers]) {
      const member = group.members.get(memberId);
      if (member) this.answerJoin(member, joinError('', ErrorCode.UNKNOWN_MEMBER_ID));
      group.remove(memberId);
      this.emit({
        type: 'member-expired',
        groupId: group.groupId,
        generationId: group.generationId,
        memberId,
        reason: 'did not sync in time',
      });
    }
    this.prepareRebalance(group, 'members did not sync in time');
  }

  /** The leader's assignment reaches every member; members it left out get an empty one. */
  propagateAssignment(group: Group, assignments: ReadonlyMap<string, Uint8Array>): void {
    for (const member of group.members.values()) {
      member.assignment = assignments.get(member.memberId) ?? EMPTY;
      if (member.isAwaitingSync) {
        this.answerSync(member, {
          errorCode: ErrorCode.NONE,
          protocolType: group.protocolType,
          protocolName: group.protocolName,
          assignment: member.assignment,
        });
        this.scheduleExpiry(group, member);
      }
    }
  }

  /** The group reached Stable (or Empty): the rebalance that began at rebalanceStartedAt is over. */
  emitCompleted(group: Group): void {
    if (!this.events) return;
    const state = group.is('Stable') ? 'Stable' : 'Empty';
    this.emit({
      type: 'rebalance-completed',
      groupId: group.groupId,
      generationId: group.generationId,
      state,
      durationMs: this.clock.now() - group.rebalanceStartedAt,
      members: group.size,
    });
  }

  resetAndPropagateAssignmentError(group: Group, errorCode: number): void {
    for (const member of group.members.values()) {
      member.assignment = EMPTY;
      this.answerSync(member, syncError(errorCode));
    }
  }

  // ------------------------------------------------------------ unload

  /** The shard moved away or the group was deleted: answer everything parked, stop every timer. */
  unload(group: Group, errorCode: number): void {
    for (const member of group.members.values()) {
      member.expiry?.cancel();
      this.answerJoin(member, joinError(member.memberId, errorCode));
      this.answerSync(member, syncError(errorCode));
    }
    for (const timer of group.pendingMembers.values()) timer.cancel();
    group.joinTimer?.cancel();
    group.syncTimer?.cancel();
    group.transitionTo('Dead', this.clock.now());
  }
}
