// One group's data and the rules that need no timers: members, the static-member map, KIP-394
// pending members, pending syncs, leader, generation, protocol vote, state transitions.
// Timers and parked requests are driven by the Rebalancer.
import type { Timer } from './clock.js';
import { assertTransition, type GroupState } from './group-state.js';
import type { GroupMember } from './member.js';
import type { GroupDescription, JoinGroupMemberInfo } from './types.js';

export class Group {
  state: GroupState = 'Empty';
  /** When the group entered its current state (Empty: the start of offsets retention). */
  stateSince: number;
  generationId = 0;
  protocolType: string | null = null;
  protocolName: string | null = null;
  leaderId: string | null = null;
  /** When the latest rebalance began (for its duration in group events). */
  rebalanceStartedAt = 0;
  /** Insertion order matters: a departing leader is replaced by the oldest remaining member. */
  readonly members = new Map<string, GroupMember>();
  /** instance id -> current member id. */
  readonly staticMembers = new Map<string, string>();
  /** KIP-394: ids handed out with MEMBER_ID_REQUIRED, not yet joined; each with its expiry. */
  readonly pendingMembers = new Map<string, Timer>();
  /** Members of this generation that have not sent SyncGroup yet. */
  readonly pendingSyncMembers = new Set<string>();
  /** The running join-phase timer (or initial delay), and the pending-sync timer. */
  joinTimer: Timer | undefined;
  syncTimer: Timer | undefined;
  /** KIP-134: whether a member joined during the initial delay, and how much rebalance timeout is left. */
  inInitialDelay = false;
  newMemberAdded = false;
  initialDelayRemainingMs = 0;
  /**
   * Offsets retention never counts time before this (the load time of a group found in the store
   * at start-up: we do not know when it became empty, so its clock restarts rather than expiring
   * offsets of a group whose members are about to rejoin).
   */
  retentionFloor = 0;
  /** Told how many members and pending members were added (or, negative, removed): the broker's limits. */
  onMembersChanged: ((delta: number) => void) | undefined;

  /** `onTransition` is told of every state change (the coordinator's watchers). */
  constructor(
    readonly groupId: string,
    now: number,
    private readonly onTransition?: (group: Group) => void,
  ) {
    this.stateSince = now;
  }

  is(state: GroupState): boolean {
    return this.state === state;
  }

  transitionTo(state: GroupState, now: number): void {
    assertTransition(this.groupId, this.state, state);
    this.state = state;
    this.stateSince = now;
    this.onTransition?.(this);
  }

  get size(): number {
    return this.members.size;
  }

  has(memberId: string): boolean {
    return this.members.has(memberId);
  }

  get(memberId: string): GroupMember {
    const member = this.members.get(memberId);
    if (!member) throw new Error(`group ${this.groupId} has no member ${memberId}`);
    return member;
  }

  isLeader(memberId: string): boolean {
    return this.leaderId === memberId;
  }

  isPendingMember(memberId: string): boolean {
    return this.pendingMembers.has(memberId);
  }

  staticMemberId(instanceId: string | null | undefined): string | undefined {
    return instanceId == null ? undefined : this.staticMembers.get(instanceId);
  }

  /** The instance id is known but mapped to another member id (FENCED_INSTANCE_ID). */
  isStaticMemberFenced(instanceId: string | null | undefined, memberId: string): boolean {
    const current = this.staticMemberId(instanceId);
    return current !== undefined && current !== memberId;
  }

  get numAwaitingJoin(): number {
    let n = 0;
    for (const m of this.members.values()) if (m.isAwaitingJoin) n++;
    return n;
  }

  add(member: GroupMember): void {
    if (this.members.size === 0) this.protocolType = member.protocolType;
    if (this.leaderId === null) this.leaderId = member.memberId;
    const added = this.members.has(member.memberId) ? 0 : 1;
    this.members.set(member.memberId, member);
    if (member.groupInstanceId !== null) this.staticMembers.set(member.groupInstanceId, member.memberId);
    this.pendingMembers.get(member.memberId)?.cancel();
    const wasPending = this.pendingMembers.delete(member.memberId);
    this.onMembersChanged?.(added - (wasPending ? 1 : 0));
  }

  /** KIP-394: an id handed out with MEMBER_ID_REQUIRED, forgotten when `expiry` fires or the member joins. */
  addPendingMember(memberId: string, expiry: Timer): void {
    const existing = this.pendingMembers.get(memberId);
    existing?.cancel();
    this.pendingMembers.set(memberId, expiry);
    if (!existing) this.onMembersChanged?.(1);
  }

  remove(memberId: string): void {
    const member = this.members.get(memberId);
    let removed = 0;
    if (member) {
      removed++;
      member.expiry?.cancel();
      this.members.delete(memberId);
      if (member.groupInstanceId !== null && this.staticMembers.get(member.groupInstanceId) === memberId) {
        this.staticMembers.delete(member.groupInstanceId);
      }
    }
    if (this.isLeader(memberId)) this.leaderId = this.members.keys().next().value ?? null;
    this.pendingMembers.get(memberId)?.cancel();
    if (this.pendingMembers.delete(memberId)) removed++;
    this.pendingSyncMembers.delete(memberId);
    if (removed > 0) this.onMembersChanged?.(-removed);
  }

  /** KIP-345: the returning static member takes over under a new id; the old id is fenced. */
  replaceStaticMember(instanceId: string, oldMemberId: string, newMemberId: string): GroupMember {
    const old = this.get(oldMemberId);
    old.expiry?.cancel();
    const replacement = old.withId(newMemberId);
    // Keep the member's position so leader succession order does not change.
    const entries = [...this.members.entries()].map(([id, m]): [string, GroupMember] =>
      id === oldMemberId ? [newMemberId, replacement] : [id, m],
    );
    this.members.clear();
    for (const [id, m] of entries) this.members.set(id, m);
    this.staticMembers.set(instanceId, newMemberId);
    if (this.isLeader(oldMemberId)) this.leaderId = newMemberId;
    if (this.pendingSyncMembers.delete(oldMemberId)) this.pendingSyncMembers.add(newMemberId);
    return replacement;
  }

  /**
   * Whether a joiner with these protocols fits: same protocol type and at least one protocol
   * every other member supports. Unlike Kafka, the joiner's own old protocols are not counted,
   * so a lone member may switch assignors without leaving first.
   */
  supportsProtocols(protocolType: string, names: readonly string[], joinerId?: string): boolean {
    if (this.is('Empty') || this.members.size === 0) return protocolType.length > 0 && names.length > 0;
    if (this.protocolType !== protocolType) return false;
    const others = [...this.members.values()].filter((m) => m.memberId !== joinerId);
    return names.some((name) => others.every((m) => m.protocolNames().includes(name)));
  }

  candidateProtocols(): Set<string> {
    const all = [...this.members.values()];
    return new Set(all[0]?.protocolNames().filter((name) => all.every((m) => m.protocolNames().includes(name))) ?? []);
  }

  /** Each member votes for its first-listed candidate; most votes wins, ties to the first voted. */
  selectProtocol(): string {
    const candidates = this.candidateProtocols();
    const votes = new Map<string, number>();
    for (const m of this.members.values()) {
      const choice = m.vote(candidates);
      votes.set(choice, (votes.get(choice) ?? 0) + 1);
    }
    let best: string | undefined;
    for (const [name, n] of votes) if (best === undefined || n > votes.get(best)!) best = name;
    if (best === undefined) throw new Error(`group ${this.groupId}: no protocol to select`);
    return best;
  }

  /** The join-phase and pending-sync timeout: the largest rebalance timeout among members. */
  get rebalanceTimeoutMs(): number {
    let max = 0;
    for (const m of this.members.values()) max = Math.max(max, m.rebalanceTimeoutMs);
    return max;
  }

  hasAllMembersJoined(): boolean {
    return this.members.size === this.numAwaitingJoin && this.pendingMembers.size === 0;
  }

  notYetRejoined(): GroupMember[] {
    return [...this.members.values()].filter((m) => !m.isAwaitingJoin);
  }

  /** Keeps the leader if it rejoined, else picks a member that did; false when nobody rejoined. */
  maybeElectNewJoinedLeader(): boolean {
    if (this.leaderId === null) return false;
    if (this.get(this.leaderId).isAwaitingJoin) return true;
    for (const m of this.members.values()) {
      if (m.isAwaitingJoin) {
        this.leaderId = m.memberId;
        return true;
      }
    }
    return false;
  }

  initNextGeneration(now: number): void {
    this.generationId += 1;
    if (this.members.size > 0) {
      this.protocolName = this.selectProtocol();
      this.transitionTo('CompletingRebalance', now);
    } else {
      this.protocolName = null;
      this.transitionTo('Empty', now);
    }
    this.pendingSyncMembers.clear();
  }

  /** What the leader receives in its JoinGroup response. */
  currentMemberMetadata(): JoinGroupMemberInfo[] {
    const protocol = this.protocolName;
    if (protocol === null) return [];
    return [...this.members.values()].map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId,
      metadata: m.metadataFor(protocol),
    }));
  }

  describe(): GroupDescription {
    const stable = this.is('Stable');
    const protocol = stable ? (this.protocolName ?? '') : '';
    return {
      errorCode: 0,
      groupId: this.groupId,
      state: this.state,
      protocolType: this.protocolType ?? '',
      protocol,
      members: [...this.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: stable ? m.metadataFor(protocol) : new Uint8Array(),
        assignment: stable ? m.assignment : new Uint8Array(),
      })),
    };
  }
}
