// Group lifecycle events, told to an optional listener (logs and metrics live outside the core).
// Plain data only; the coordinator emits nothing when no listener is given.

interface GroupEventBase {
  groupId: string;
  /** The group's generation when the event happened. */
  generationId: number;
}

export type GroupEvent =
  | (GroupEventBase & { type: 'member-joined'; memberId: string; clientId: string; groupInstanceId: string | null })
  | (GroupEventBase & { type: 'member-left'; memberId: string; reason: string })
  | (GroupEventBase & { type: 'member-expired'; memberId: string; reason: string })
  | (GroupEventBase & { type: 'rebalance-started'; reason: string; members: number })
  /** state: Stable when the leader's assignment arrived, Empty when nobody was left. */
  | (GroupEventBase & { type: 'rebalance-completed'; state: 'Stable' | 'Empty'; durationMs: number; members: number })
  /** A JoinGroup or a commit refused by a bound: the group's size (members and KIP-394 pending ones) or the broker's group count. */
  | (GroupEventBase & {
      type: 'limit-reached';
      limit: 'groupMaxSize' | 'maxBrokerGroups' | 'maxBrokerGroupMembers';
      memberId: string;
      max: number;
    })
  /** The coordinator forgot the group: deleted (DeleteGroups, a reset) or expired with its offsets. */
  | (GroupEventBase & { type: 'group-removed'; reason: 'deleted' | 'expired' });

export type GroupEventListener = (event: GroupEvent) => void;
