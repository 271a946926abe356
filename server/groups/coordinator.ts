// GroupCoordinator: the groups of one shard and every group API on them, in plain TypeScript.
// JoinGroup and SyncGroup may park: they return promises that settle when the join phase ends
// or the leader syncs (or with an error when the member is removed, fenced or the shard moves).
// Every other call answers at once. Time comes from the injected Clock.
import { ErrorCode } from '../../protocol/errors.js';
import { systemClock, type Clock, type Timer } from './clock.js';
import { DEFAULT_GROUP_CONFIG, type GroupConfig } from './group-config.js';
import type { GroupEventListener } from './group-events.js';
import { everyPartition, GroupOffsets, type SubscriptionReader } from './group-offsets.js';
import type { GroupState } from './group-state.js';
import { Group } from './group.js';
import { GroupLimits } from './group-limits.js';
import { groupTestHooks, type GroupTestHooks } from './group-test-hooks.js';
import { MembershipJoin } from './membership-join.js';
import { joinError, Rebalancer, syncError } from './rebalancer.js';
import type {
  CommittedOffsets,
  GroupDescription,
  GroupInspection,
  GroupListing,
  HeartbeatParams,
  JoinGroupParams,
  JoinGroupResult,
  LeaveGroupParams,
  LeaveGroupResult,
  OffsetCommitParams,
  OffsetCommitResult,
  OffsetFetchParams,
  OffsetFetchResult,
  StoredOffset,
  SyncGroupParams,
  SyncGroupResult,
  TopicPartitionLookup,
} from './types.js';

/** active: serving; loading: reading its groups; not-owned: another broker coordinates; stopped: shut down. */
export type CoordinatorStatus = 'active' | 'loading' | 'not-owned' | 'stopped';

export interface GroupCoordinatorOptions {
  offsets: CommittedOffsets;
  config?: Partial<GroupConfig>;
  clock?: Clock;
  /** When given, commits to unknown topics or partitions get UNKNOWN_TOPIC_OR_PARTITION. */
  topics?: TopicPartitionLookup;
  /** When given, Stable consumer groups drop offsets of topics they no longer subscribe to (KIP-211). */
  readSubscription?: SubscriptionReader;
  /** Member id generator (default `${clientId or instanceId}-${uuid}`), for tests. */
  newMemberId?: (prefix: string) => string;
  /** Told of member joins, departures and rebalances (logs, metrics); none by default. */
  events?: GroupEventListener;
  /** The broker's bounds on groups and members, shared by its shards; unbounded by default. */
  limits?: GroupLimits;
}

/** Told the id of a group that changed: its state, a member's sync, or its committed offsets. */
export type GroupWatcher = (groupId: string) => void;

type GroupApi = 'join' | 'sync' | 'heartbeat' | 'leave' | 'commit' | 'fetch' | 'describe' | 'delete';

export class GroupCoordinator {
  readonly config: GroupConfig;
  /** Fault injection for minibroker/testing only. */
  readonly testHooks: GroupTestHooks;
  private readonly clock: Clock;
  private readonly store: CommittedOffsets;
  private readonly rebalancer: Rebalancer;
  private readonly joiner: MembershipJoin;
  private readonly offsets: GroupOffsets;
  private readonly limits: GroupLimits;
  private readonly groups = new Map<string, Group>();
  private readonly watchers = new Set<GroupWatcher>();
  private readonly notify = (group: Group) => {
    for (const watcher of this.watchers) watcher(group.groupId);
  };
  private expiryTimer: Timer | undefined;
  private state: CoordinatorStatus = 'not-owned';

  constructor(options: GroupCoordinatorOptions) {
    this.config = { ...DEFAULT_GROUP_CONFIG, ...options.config };
    this.clock = options.clock ?? systemClock;
    this.store = options.offsets;
    this.rebalancer = new Rebalancer(this.config, this.clock, options.events);
    this.limits = options.limits ?? new GroupLimits();
    this.joiner = new MembershipJoin(this.config, this.rebalancer, this.limits, options.newMemberId);
    this.offsets = new GroupOffsets(
      this.config,
      this.clock,
      this.store,
      this.rebalancer,
      options.topics,
      options.readSubscription,
    );
    this.testHooks = groupTestHooks({
      groups: this.groups,
      rebalancer: this.rebalancer,
      store: this.store,
      removeGroup: (g) => this.removeGroup(g, 'deleted'),
    });
  }

  get status(): CoordinatorStatus {
    return this.state;
  }

  /** Takes ownership: every group with committed offsets (filtered to this shard) comes back as Empty, and retention starts its timer. */
  activate(ownsGroup: (groupId: string) => boolean = () => true): void {
    this.state = 'loading';
    const now = this.clock.now();
    for (const groupId of this.store.groups()) {
      if (!ownsGroup(groupId) || this.groups.has(groupId)) continue;
      const group = this.newGroup(groupId, now);
      group.retentionFloor = now;
      this.groups.set(groupId, group);
      this.limits.addLoadedGroup();
    }
    this.state = 'active';
    this.scheduleExpiry();
  }

  /** Gives the shard up: parked requests get NOT_COORDINATOR, groups are dropped (offsets stay in the store). */
  deactivate(status: 'not-owned' | 'stopped' = 'not-owned'): void {
    const errorCode = status === 'stopped' ? ErrorCode.COORDINATOR_NOT_AVAILABLE : ErrorCode.NOT_COORDINATOR;
    for (const group of [...this.groups.values()]) {
      if (!group.is('Dead')) this.rebalancer.unload(group, errorCode);
      this.dropGroup(group);
    }
    this.expiryTimer?.cancel();
    this.expiryTimer = undefined;
    this.state = status;
  }

  close(): void {
    this.deactivate('stopped');
  }

  // ------------------------------------------------------------ membership

  /** Resolves when the member has its answer: at once, or when the join phase completes. Never rejects. */
  join(params: JoinGroupParams): Promise<JoinGroupResult> {
    const error = this.checkGroup(params.groupId, 'join');
    if (error !== ErrorCode.NONE) return Promise.resolve(joinError(params.memberId, error));
    if (
      params.sessionTimeoutMs < this.config.groupMinSessionTimeoutMs ||
      params.sessionTimeoutMs > this.config.groupMaxSessionTimeoutMs
    ) {
      return Promise.resolve(joinError(params.memberId, ErrorCode.INVALID_SESSION_TIMEOUT));
    }
    let group = this.groups.get(params.groupId);
    if (!group) {
      // A known member id for a group we do not have: it must start over.
      if (params.memberId !== '') return Promise.resolve(joinError(params.memberId, ErrorCode.UNKNOWN_MEMBER_ID));
      // Refused before the group exists, so that refusals leave nothing behind.
      if (!this.limits.hasMemberRoom()) {
        this.rebalancer.emit({
          type: 'limit-reached',
          groupId: params.groupId,
          generationId: 0,
          limit: 'maxBrokerGroupMembers',
          memberId: '',
          max: this.limits.maxMembers,
        });
        return Promise.resolve(joinError('', ErrorCode.GROUP_MAX_SIZE_REACHED));
      }
      group = this.addGroup(params.groupId, params.memberId);
      if (!group) return Promise.resolve(joinError(params.memberId, ErrorCode.POLICY_VIOLATION));
    }
    const target = group;
    return new Promise((resolve) => this.joiner.join(target, params, resolve));
  }

  /**
   * Resolves with the member's own assignment: at once in Stable, or (CompletingRebalance) when
   * the leader's SyncGroup arrives. The leader's list may name members the group does not have:
   * those entries are ignored, as Kafka does; members it leaves out get an empty assignment.
   */
  sync(params: SyncGroupParams): Promise<SyncGroupResult> {
    const error = this.checkGroup(params.groupId, 'sync');
    if (error !== ErrorCode.NONE)
      return Promise.resolve(
        syncError(error === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS ? ErrorCode.REBALANCE_IN_PROGRESS : error),
      );
    const group = this.groups.get(params.groupId);
    if (!group) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    const memberError = this.checkMember(group, params.memberId, params.groupInstanceId, params.generationId);
    if (memberError !== ErrorCode.NONE) return Promise.resolve(syncError(memberError));
    if (
      (params.protocolType != null && params.protocolType !== group.protocolType) ||
      (params.protocolName != null && params.protocolName !== group.protocolName)
    ) {
      return Promise.resolve(syncError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL));
    }
    const member = group.get(params.memberId);
    switch (group.state) {
      case 'PreparingRebalance':
        return Promise.resolve(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
      case 'Stable':
        this.rebalancer.removePendingSyncMember(group, member.memberId);
        this.rebalancer.scheduleExpiry(group, member);
        this.notify(group);
        return Promise.resolve({
          errorCode: ErrorCode.NONE,
          protocolType: group.protocolType,
          protocolName: group.protocolName,
          assignment: member.assignment,
        });
      case 'CompletingRebalance':
        return new Promise((resolve) => {
          this.rebalancer.answerSync(member, syncError(ErrorCode.REBALANCE_IN_PROGRESS));
          member.awaitingSync = resolve;
          this.rebalancer.removePendingSyncMember(group, member.memberId);
          if (group.isLeader(member.memberId)) {
            const assignments = new Map<string, Uint8Array>();
            for (const a of params.assignments ?? [])
              if (group.has(a.memberId)) assignments.set(a.memberId, a.assignment);
            this.rebalancer.propagateAssignment(group, assignments);
            group.transitionTo('Stable', this.clock.now());
            this.rebalancer.emitCompleted(group);
          }
        });
      default:
        return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    }
  }

  heartbeat(params: HeartbeatParams): { errorCode: number } {
    const error = this.checkGroup(params.groupId, 'heartbeat');
    if (error !== ErrorCode.NONE)
      return { errorCode: error === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS ? ErrorCode.NONE : error };
    const group = this.groups.get(params.groupId);
    if (!group) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
    const memberError = this.checkMember(group, params.memberId, params.groupInstanceId, params.generationId);
    if (memberError !== ErrorCode.NONE) return { errorCode: memberError };
    if (group.is('Empty')) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID };
    // Heartbeats keep the member alive in every live state, even while it is told to rejoin.
    const member = group.get(params.memberId);
    member.lastHeartbeatAt = this.clock.now();
    this.rebalancer.scheduleExpiry(group, member);
    return { errorCode: group.is('PreparingRebalance') ? ErrorCode.REBALANCE_IN_PROGRESS : ErrorCode.NONE };
  }

  /** Removes members (memberId "" + groupInstanceId removes a static member by instance id); a rebalance follows. */
  leave(params: LeaveGroupParams): LeaveGroupResult {
    const error = this.checkGroup(params.groupId, 'leave');
    if (error !== ErrorCode.NONE) return { errorCode: error, members: [] };
    const group = this.groups.get(params.groupId);
    const answer = (m: LeaveGroupParams['members'][number], errorCode: number) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId ?? null,
      errorCode,
    });
    if (!group)
      return { errorCode: ErrorCode.NONE, members: params.members.map((m) => answer(m, ErrorCode.UNKNOWN_MEMBER_ID)) };
    if (group.is('Dead')) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    const members = params.members.map((m) => {
      const instanceId = m.groupInstanceId ?? null;
      if (m.memberId === '') {
        const current = group.staticMemberId(instanceId);
        if (current === undefined) return answer(m, ErrorCode.UNKNOWN_MEMBER_ID);
        this.rebalancer.removeMemberAndUpdateGroup(group, group.get(current), 'left', m.reason || 'left the group');
        return answer(m, ErrorCode.NONE);
      }
      if (group.isPendingMember(m.memberId)) {
        this.rebalancer.removePendingMember(group, m.memberId);
        return answer(m, ErrorCode.NONE);
      }
      if (group.isStaticMemberFenced(instanceId, m.memberId)) return answer(m, ErrorCode.FENCED_INSTANCE_ID);
      if (!group.has(m.memberId)) return answer(m, ErrorCode.UNKNOWN_MEMBER_ID);
      this.rebalancer.removeMemberAndUpdateGroup(group, group.get(m.memberId), 'left', m.reason || 'left the group');
      return answer(m, ErrorCode.NONE);
    });
    return { errorCode: ErrorCode.NONE, members };
  }

  // ------------------------------------------------------------ offsets

  commitOffsets(params: OffsetCommitParams): OffsetCommitResult {
    const error = this.checkGroup(params.groupId, 'commit');
    if (error !== ErrorCode.NONE) return everyPartition(params, error);
    let group = this.groups.get(params.groupId);
    if (!group) {
      // Outside group management (generation -1) a commit creates the group, as a "simple" group.
      if (params.generationId >= 0) return everyPartition(params, ErrorCode.ILLEGAL_GENERATION);
      group = this.addGroup(params.groupId, params.memberId);
      if (!group) return everyPartition(params, ErrorCode.POLICY_VIOLATION);
    }
    const result = this.offsets.commit(group, params);
    this.notify(group);
    return result;
  }

  /**
   * KIP-447 fencing of a transactional offset commit: NONE when the member and generation are the
   * group's current ones (or no member is named, as older clients send), else the commit's error.
   */
  checkTransactionalCommit(params: OffsetCommitParams): number {
    const error = this.checkGroup(params.groupId, 'commit');
    if (error !== ErrorCode.NONE) return error;
    if (params.generationId < 0 && params.memberId === '' && !params.groupInstanceId) return ErrorCode.NONE;
    const group = this.groups.get(params.groupId);
    if (!group) return ErrorCode.ILLEGAL_GENERATION;
    return this.offsets.validate(group, params);
  }

  /**
   * Stores the offsets a committed transaction carried; they were checked when sent, so no member
   * check here (Kafka's rule). Creates the group as a simple group when it is gone. Returns an error code.
   */
  writeTransactionalOffsets(groupId: string, offsets: readonly Omit<StoredOffset, 'commitTime'>[]): number {
    const error = this.checkGroup(groupId, 'commit');
    if (error !== ErrorCode.NONE) return error;
    const group = this.groups.get(groupId) ?? this.addGroup(groupId, '');
    if (!group) return ErrorCode.POLICY_VIOLATION;
    const commitTime = this.clock.now();
    try {
      this.store.upsertMany(
        groupId,
        offsets.map((o) => ({ ...o, commitTime })),
      );
    } catch {
      return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    }
    this.notify(group);
    return ErrorCode.NONE;
  }

  fetchOffsets(params: OffsetFetchParams): OffsetFetchResult {
    const error = this.checkGroup(params.groupId, 'fetch');
    if (error !== ErrorCode.NONE) return { errorCode: error, topics: [] };
    return this.offsets.fetch(params.groupId, params);
  }

  /** Runs offsets retention now (it also runs every offsetsRetentionCheckIntervalMs). Empty groups left without offsets go Dead. */
  expireOffsets(): void {
    if (this.state !== 'active') return;
    for (const group of [...this.groups.values()]) {
      if (this.offsets.expire(group)) {
        this.rebalancer.unload(group, ErrorCode.COORDINATOR_NOT_AVAILABLE);
        this.removeGroup(group, 'expired');
      }
    }
  }

  // ------------------------------------------------------------ admin

  describeGroup(groupId: string): GroupDescription {
    const error = this.checkGroup(groupId, 'describe');
    const group = this.groups.get(groupId);
    if (error !== ErrorCode.NONE || !group)
      return { errorCode: error, groupId, state: 'Dead', protocolType: '', protocol: '', members: [] };
    return group.describe();
  }

  /** Groups of this shard, optionally only those in the given states (empty filter = all). */
  listGroups(states: readonly string[] = []): GroupListing[] {
    if (this.state !== 'active') return [];
    const wanted = new Set(states.map((s) => s.toLowerCase()));
    return [...this.groups.values()]
      .filter((g) => wanted.size === 0 || wanted.has(g.state.toLowerCase()))
      .map((g) => ({ groupId: g.groupId, protocolType: g.protocolType ?? '', state: g.state }));
  }

  /** Only Empty groups can be deleted; their offsets go with them. Returns the error code. */
  deleteGroup(groupId: string): number {
    const error = this.checkGroup(groupId, 'delete');
    if (error !== ErrorCode.NONE) return error;
    const group = this.groups.get(groupId);
    if (!group || group.is('Dead')) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (!group.is('Empty')) return ErrorCode.NON_EMPTY_GROUP;
    this.rebalancer.unload(group, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    this.removeGroup(group, 'deleted');
    this.store.deleteGroup(groupId);
    this.notify(group);
    return ErrorCode.NONE;
  }

  /**
   * Everything the admin API shows of a group, including what DescribeGroups leaves out
   * (generation, leader, last heartbeats, assignments while rebalancing); undefined when unknown.
   */
  inspectGroup(groupId: string): GroupInspection | undefined {
    const group = this.groups.get(groupId);
    if (this.state !== 'active' || !group || group.is('Dead')) return undefined;
    return {
      groupId,
      state: group.state,
      stateSince: group.stateSince,
      generationId: group.generationId,
      protocolType: group.protocolType,
      protocolName: group.protocolName,
      leaderId: group.leaderId,
      members: [...group.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        sessionTimeoutMs: m.sessionTimeoutMs,
        lastHeartbeatAt: m.lastHeartbeatAt,
        assignment: m.assignment,
      })),
    };
  }

  /** The group's state, or undefined when the coordinator has no such group. */
  groupState(groupId: string): GroupState | undefined {
    return this.groups.get(groupId)?.state;
  }

  /** Members of the current generation that have not sent SyncGroup yet (0 once all have). */
  pendingSyncCount(groupId: string): number {
    return this.groups.get(groupId)?.pendingSyncMembers.size ?? 0;
  }

  // ------------------------------------------------------------ watching

  /** Calls `watcher` with the id of every group that changes; returns the unwatch function. */
  watch(watcher: GroupWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  private newGroup(groupId: string, now: number): Group {
    const group = new Group(groupId, now, this.notify);
    group.onMembersChanged = (delta) => this.limits.membersChanged(delta);
    return group;
  }

  /** A new group, or undefined when the broker holds maxBrokerGroups groups already. */
  private addGroup(groupId: string, memberId: string): Group | undefined {
    if (!this.limits.tryAddGroup()) {
      this.rebalancer.emit({
        type: 'limit-reached',
        groupId,
        generationId: 0,
        limit: 'maxBrokerGroups',
        memberId,
        max: this.limits.maxGroups,
      });
      return undefined;
    }
    const group = this.newGroup(groupId, this.clock.now());
    this.groups.set(groupId, group);
    return group;
  }

  private removeGroup(group: Group, reason: 'deleted' | 'expired'): void {
    if (this.dropGroup(group))
      this.rebalancer.emit({ type: 'group-removed', groupId: group.groupId, generationId: group.generationId, reason });
  }

  /** Forgets the group and gives back its places in the broker's limits; false when it was not held. */
  private dropGroup(group: Group): boolean {
    if (this.groups.get(group.groupId) !== group) return false;
    this.groups.delete(group.groupId);
    group.onMembersChanged = undefined;
    this.limits.removeGroup(group.size + group.pendingMembers.size);
    return true;
  }

  // ------------------------------------------------------------ checks, in the order Kafka applies them

  private checkGroup(groupId: string, api: GroupApi): number {
    const emptyIdAllowed = api === 'commit' || api === 'fetch' || api === 'describe' || api === 'delete';
    if (typeof groupId !== 'string' || (groupId === '' && !emptyIdAllowed)) return ErrorCode.INVALID_GROUP_ID;
    if (this.state === 'stopped') return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (this.state === 'loading') return ErrorCode.COORDINATOR_LOAD_IN_PROGRESS;
    if (this.state === 'not-owned') return ErrorCode.NOT_COORDINATOR;
    if (this.groups.get(groupId)?.is('Dead')) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    return ErrorCode.NONE;
  }

  private checkMember(
    group: Group,
    memberId: string,
    instanceId: string | null | undefined,
    generationId: number,
  ): number {
    if (group.isStaticMemberFenced(instanceId, memberId)) return ErrorCode.FENCED_INSTANCE_ID;
    if (!group.has(memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (generationId !== group.generationId) return ErrorCode.ILLEGAL_GENERATION;
    return ErrorCode.NONE;
  }

  private scheduleExpiry(): void {
    this.expiryTimer?.cancel();
    this.expiryTimer = this.clock.schedule(this.config.offsetsRetentionCheckIntervalMs, () => {
      this.expiryTimer = undefined;
      this.expireOffsets();
      if (this.state === 'active') this.scheduleExpiry();
    });
  }
}
