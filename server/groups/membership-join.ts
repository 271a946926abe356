// The membership rules of a JoinGroup against one group (the wire handler is
// handlers/groups/join-group.ts), applied after the coordinator's group-level checks: new and known
// members, KIP-394 pending members, static members (KIP-345), the group size limit.
// `respond` is called exactly once, now or when the join phase completes.
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../protocol/errors.js';
import type { GroupConfig } from './group-config.js';
import type { Group } from './group.js';
import type { GroupLimits } from './group-limits.js';
import { GroupMember } from './member.js';
import { joinError, syncError, type Rebalancer } from './rebalancer.js';
import type { JoinGroupParams, JoinGroupResult } from './types.js';

type Respond = (result: JoinGroupResult) => void;

export class MembershipJoin {
  constructor(
    private readonly config: GroupConfig,
    private readonly rebalancer: Rebalancer,
    private readonly limits: GroupLimits,
    private readonly newMemberId: (prefix: string) => string = (prefix) => `${prefix}-${randomUUID()}`,
  ) {}

  join(group: Group, params: JoinGroupParams, respond: Respond): void {
    const refusedBy = this.refusedBy(group, params.memberId, params.groupInstanceId ?? null);
    if (refusedBy) {
      // As Kafka: a known member refused here (it did not rejoin in time) is dropped.
      if (group.has(params.memberId))
        this.rebalancer.removeMemberAndUpdateGroup(group, group.get(params.memberId), 'left', 'group max size reached');
      const max = refusedBy === 'groupMaxSize' ? this.config.groupMaxSize : this.limits.maxMembers;
      this.rebalancer.emit({
        type: 'limit-reached',
        groupId: group.groupId,
        generationId: group.generationId,
        limit: refusedBy,
        memberId: params.memberId,
        max,
      });
      respond(joinError('', ErrorCode.GROUP_MAX_SIZE_REACHED));
    } else if (params.memberId === '') {
      this.joinNewMember(group, params, respond);
    } else {
      this.joinKnownMember(group, params, respond);
    }
    this.rebalancer.tryCompleteJoin(group);
  }

  /** The bound a joiner would break, or undefined when it may join. */
  private refusedBy(
    group: Group,
    memberId: string,
    instanceId: string | null,
  ): 'groupMaxSize' | 'maxBrokerGroupMembers' | undefined {
    // A returning static member takes its old place: nothing grows.
    if (memberId === '' && group.staticMemberId(instanceId) !== undefined) return undefined;
    if (memberId !== '' || group.is('Dead'))
      return this.acceptJoiningMember(group, memberId) ? undefined : 'groupMaxSize';
    // A newcomer also counts the KIP-394 pending members (ids handed out, not yet used): else
    // JoinGroups with empty member ids would pile up pending ids without bound until they expire.
    const placed = group.is('PreparingRebalance') ? group.numAwaitingJoin : group.size;
    if (placed + group.pendingMembers.size >= this.config.groupMaxSize) return 'groupMaxSize';
    return this.limits.hasMemberRoom() ? undefined : 'maxBrokerGroupMembers';
  }

  private acceptJoiningMember(group: Group, memberId: string): boolean {
    const max = this.config.groupMaxSize;
    switch (group.state) {
      case 'Empty':
      case 'Dead':
        return true;
      // Members already rejoined count, so members that will not rejoin do not block newcomers.
      case 'PreparingRebalance':
        return (group.has(memberId) && group.get(memberId).isAwaitingJoin) || group.numAwaitingJoin < max;
      case 'CompletingRebalance':
      case 'Stable':
        return group.has(memberId) || group.size < max;
    }
  }

  private joinNewMember(group: Group, params: JoinGroupParams, respond: Respond): void {
    if (group.is('Dead')) return respond(joinError('', ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (
      !group.supportsProtocols(
        params.protocolType,
        params.protocols.map((p) => p.name),
      )
    ) {
      return respond(joinError('', ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    const instanceId = params.groupInstanceId ?? null;
    const memberId = this.newMemberId(instanceId ?? params.clientId);
    if (instanceId !== null) {
      const oldMemberId = group.staticMemberId(instanceId);
      if (oldMemberId !== undefined)
        return this.replaceStaticMember(group, instanceId, oldMemberId, memberId, params, respond);
      return this.addMemberAndRebalance(group, memberId, instanceId, params, respond);
    }
    if (params.requireKnownMemberId ?? true) {
      // KIP-394: hand out the id first; the member counts as pending until it rejoins with it.
      this.rebalancer.addPendingMember(group, memberId, params.sessionTimeoutMs);
      return respond(joinError(memberId, ErrorCode.MEMBER_ID_REQUIRED));
    }
    this.addMemberAndRebalance(group, memberId, null, params, respond);
  }

  private joinKnownMember(group: Group, params: JoinGroupParams, respond: Respond): void {
    const { memberId } = params;
    const instanceId = params.groupInstanceId ?? null;
    if (group.is('Dead')) return respond(joinError(memberId, ErrorCode.COORDINATOR_NOT_AVAILABLE));
    if (
      !group.supportsProtocols(
        params.protocolType,
        params.protocols.map((p) => p.name),
        memberId,
      )
    ) {
      return respond(joinError(memberId, ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    if (group.isPendingMember(memberId) && instanceId === null)
      return this.addMemberAndRebalance(group, memberId, null, params, respond);
    if (group.isStaticMemberFenced(instanceId, memberId))
      return respond(joinError(memberId, ErrorCode.FENCED_INSTANCE_ID));
    if (!group.has(memberId)) return respond(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    const member = group.get(memberId);
    switch (group.state) {
      case 'PreparingRebalance':
        return this.updateMemberAndRebalance(group, member, params, respond);
      case 'CompletingRebalance':
        // Same metadata: it probably lost our JoinGroup response; give it again.
        if (member.matches(params.protocols)) return respond(this.rebalancer.currentJoinResult(group, member));
        return this.updateMemberAndRebalance(group, member, params, respond);
      case 'Stable':
        // The leader rejoining forces a rebalance: that is how it reacts to metadata changes.
        if (group.isLeader(memberId) || !member.matches(params.protocols))
          return this.updateMemberAndRebalance(group, member, params, respond);
        this.rebalancer.scheduleExpiry(group, member);
        return respond({ ...this.rebalancer.currentJoinResult(group, member), members: [] });
      default:
        return respond(joinError(memberId, ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  private addMemberAndRebalance(
    group: Group,
    memberId: string,
    instanceId: string | null,
    params: JoinGroupParams,
    respond: Respond,
  ): void {
    const member = new GroupMember(
      memberId,
      instanceId,
      params.clientId,
      params.clientHost,
      rebalanceTimeout(params),
      params.sessionTimeoutMs,
      params.protocolType,
      [...params.protocols],
    );
    member.isNew = true;
    member.awaitingJoin = respond;
    if (group.is('PreparingRebalance') && group.inInitialDelay) group.newMemberAdded = true;
    group.add(member);
    this.rebalancer.emit({
      type: 'member-joined',
      groupId: group.groupId,
      generationId: group.generationId,
      memberId,
      clientId: params.clientId,
      groupInstanceId: instanceId,
    });
    // A parked new member cannot heartbeat yet; it is dropped if its join stays parked too long.
    this.rebalancer.scheduleExpiry(group, member, this.config.newMemberJoinTimeoutMs);
    this.rebalancer.maybePrepareRebalance(group, `member ${memberId} joined`);
  }

  private updateMemberAndRebalance(group: Group, member: GroupMember, params: JoinGroupParams, respond: Respond): void {
    // A second JoinGroup replaces a parked one; the first is answered so that no request hangs.
    this.rebalancer.answerJoin(member, joinError(member.memberId, ErrorCode.REBALANCE_IN_PROGRESS));
    member.protocols = [...params.protocols];
    member.rebalanceTimeoutMs = rebalanceTimeout(params);
    member.sessionTimeoutMs = params.sessionTimeoutMs;
    member.awaitingJoin = respond;
    this.rebalancer.scheduleExpiry(group, member);
    this.rebalancer.maybePrepareRebalance(
      group,
      `member ${member.memberId} rejoined${group.isLeader(member.memberId) ? ' (leader)' : ''}`,
    );
  }

  /**
   * KIP-345: a static member came back with a new process. It takes its old place under a new
   * member id, and the old id is fenced. In Stable with unchanged metadata there is no rebalance
   * (Kafka checks only that the selected protocol would not change; we also require the same
   * metadata, so a changed subscription is not silently ignored).
   */
  private replaceStaticMember(
    group: Group,
    instanceId: string,
    oldMemberId: string,
    newMemberId: string,
    params: JoinGroupParams,
    respond: Respond,
  ): void {
    const old = group.get(oldMemberId);
    this.rebalancer.answerJoin(old, joinError(oldMemberId, ErrorCode.FENCED_INSTANCE_ID));
    this.rebalancer.answerSync(old, syncError(ErrorCode.FENCED_INSTANCE_ID));
    const unchanged = old.matches(params.protocols);
    const member = group.replaceStaticMember(instanceId, oldMemberId, newMemberId);
    this.rebalancer.emit({
      type: 'member-joined',
      groupId: group.groupId,
      generationId: group.generationId,
      memberId: newMemberId,
      clientId: params.clientId,
      groupInstanceId: instanceId,
    });
    member.protocols = [...params.protocols];
    member.rebalanceTimeoutMs = rebalanceTimeout(params);
    member.sessionTimeoutMs = params.sessionTimeoutMs;
    member.awaitingJoin = respond;
    this.rebalancer.scheduleExpiry(group, member);
    switch (group.state) {
      case 'Stable':
        if (unchanged && group.selectProtocol() === group.protocolName) {
          // KIP-814: a returning leader learns it leads but must not reassign a Stable group.
          const isLeader = group.isLeader(newMemberId);
          return this.rebalancer.answerJoin(member, {
            ...this.rebalancer.currentJoinResult(group, member),
            skipAssignment: isLeader,
          });
        }
        return this.rebalancer.maybePrepareRebalance(group, `static member ${instanceId} rejoined with new metadata`);
      case 'CompletingRebalance':
        // The leader may be assigning under the old id: start over.
        return this.rebalancer.prepareRebalance(group, `static member ${instanceId} rejoined`);
      case 'PreparingRebalance':
        return;
      default:
        return this.rebalancer.answerJoin(member, joinError(newMemberId, ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }
}

function rebalanceTimeout(params: JoinGroupParams): number {
  return params.rebalanceTimeoutMs && params.rebalanceTimeoutMs > 0
    ? params.rebalanceTimeoutMs
    : params.sessionTimeoutMs;
}
