// What all coordinator shards of a broker hold together: groups, and members (KIP-394 pending
// members included), against maxBrokerGroups and maxBrokerGroupMembers. One instance is shared by
// every shard, so the bounds are per broker. groupMaxSize alone would not bound memory: a client
// can spread members (or pending ids, one JoinGroup each) over many groups.

export class GroupLimits {
  private groupCount = 0;
  private memberCount = 0;

  constructor(
    readonly maxGroups = Number.POSITIVE_INFINITY,
    readonly maxMembers = Number.POSITIVE_INFINITY,
  ) {}

  get groups(): number {
    return this.groupCount;
  }

  /** Members and pending members of every group. */
  get members(): number {
    return this.memberCount;
  }

  /** Takes a place for a new group; false when the broker holds maxGroups already. */
  tryAddGroup(): boolean {
    if (this.groupCount >= this.maxGroups) return false;
    this.groupCount++;
    return true;
  }

  /** Groups loaded from storage always count, even beyond maxGroups: their offsets exist already. */
  addLoadedGroup(): void {
    this.groupCount++;
  }

  /** A group dropped with the members it still held. */
  removeGroup(members: number): void {
    this.groupCount = Math.max(0, this.groupCount - 1);
    this.membersChanged(-members);
  }

  /** Whether one more member (or pending member) fits. */
  hasMemberRoom(): boolean {
    return this.memberCount < this.maxMembers;
  }

  membersChanged(delta: number): void {
    this.memberCount = Math.max(0, this.memberCount + delta);
  }
}
