// The assignor interface: a pure function from the group's subscriptions to one assignment per
// member. The group leader runs the protocol the coordinator selected; custom assignors plug in
// by implementing this interface.

/** Eager: members give up everything before rejoining. Cooperative: they keep what stays theirs (KIP-429). */
export type RebalanceProtocol = 'eager' | 'cooperative';

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface AssignorMember {
  memberId: string;
  /** Static members (KIP-345) are ordered by this id, ahead of dynamic ones. */
  groupInstanceId?: string | null;
  /** Topics the member subscribes to. */
  topics: readonly string[];
  /** What the member consumes now (from its subscription); used by sticky assignors. */
  ownedPartitions?: readonly TopicPartition[];
  /** The generation its owned partitions come from; absent or -1 = unknown. */
  generation?: number;
}

export interface AssignInput {
  members: readonly AssignorMember[];
  /** Partition counts by topic. Topics nobody subscribes to are ignored; subscribed topics missing here get nothing. */
  partitionsPerTopic: Readonly<Record<string, number>> | ReadonlyMap<string, number>;
}

/**
 * `{ [memberId]: { [topic]: partitions } }`, every member present even with nothing. The objects
 * have no prototype, so topics such as `__proto__` or `constructor` are ordinary keys.
 */
export type GroupAssignment = Record<string, Record<string, number[]>>;

export interface Assignor {
  /** The protocol name members list in JoinGroup (Kafka's: `range`, `roundrobin`, `sticky`, `cooperative-sticky`). */
  readonly name: string;
  /** Protocols the assignor supports; absent means `['eager']`. The consumer uses cooperative only when every configured assignor supports it. */
  readonly supportedProtocols?: readonly RebalanceProtocol[];
  assign(input: AssignInput): GroupAssignment;
}
