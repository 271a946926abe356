// One member of a group: identity, timeouts, the protocols it offered, its assignment and the
// requests of it that are parked (JoinGroup until the join phase ends, SyncGroup until the leader syncs).
import type { Timer } from './clock.js';
import type { JoinGroupResult, ProtocolMetadata, SyncGroupResult } from './types.js';

export class GroupMember {
  assignment: Uint8Array = new Uint8Array();
  /** Set while its JoinGroup is parked. */
  awaitingJoin: ((result: JoinGroupResult) => void) | undefined;
  /** Set while its SyncGroup is parked. */
  awaitingSync: ((result: SyncGroupResult) => void) | undefined;
  /** Joined but not yet through a join phase: it expires on the new-member timeout, not the session. */
  isNew = false;
  /** Session (or new-member) expiry. */
  expiry: Timer | undefined;
  /** Clock time of its latest Heartbeat; null before the first (admin views only). */
  lastHeartbeatAt: number | null = null;

  constructor(
    readonly memberId: string,
    readonly groupInstanceId: string | null,
    readonly clientId: string,
    readonly clientHost: string,
    public rebalanceTimeoutMs: number,
    public sessionTimeoutMs: number,
    readonly protocolType: string,
    public protocols: readonly ProtocolMetadata[],
  ) {}

  get isStatic(): boolean {
    return this.groupInstanceId !== null;
  }

  get isAwaitingJoin(): boolean {
    return this.awaitingJoin !== undefined;
  }

  get isAwaitingSync(): boolean {
    return this.awaitingSync !== undefined;
  }

  protocolNames(): string[] {
    return this.protocols.map((p) => p.name);
  }

  metadataFor(protocol: string): Uint8Array {
    const found = this.protocols.find((p) => p.name === protocol);
    if (!found) throw new Error(`member ${this.memberId} does not support protocol ${protocol}`);
    return found.metadata;
  }

  /** Same protocols, in the same order, with the same metadata bytes. */
  matches(protocols: readonly ProtocolMetadata[]): boolean {
    return (
      protocols.length === this.protocols.length &&
      protocols.every(
        (p, i) => p.name === this.protocols[i]!.name && Buffer.compare(p.metadata, this.protocols[i]!.metadata) === 0,
      )
    );
  }

  /** Its first-listed protocol among the candidates. */
  vote(candidates: ReadonlySet<string>): string {
    const choice = this.protocols.find((p) => candidates.has(p.name));
    if (!choice) throw new Error(`member ${this.memberId} supports none of the candidate protocols`);
    return choice.name;
  }

  /** The same member under a new id (static member replacement, KIP-345); parked requests stay with the old one. */
  withId(memberId: string): GroupMember {
    const copy = new GroupMember(
      memberId,
      this.groupInstanceId,
      this.clientId,
      this.clientHost,
      this.rebalanceTimeoutMs,
      this.sessionTimeoutMs,
      this.protocolType,
      this.protocols,
    );
    copy.assignment = this.assignment;
    copy.isNew = this.isNew;
    copy.lastHeartbeatAt = this.lastHeartbeatAt;
    return copy;
  }
}
