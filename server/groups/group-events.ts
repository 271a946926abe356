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
  | (GroupEventBase & { type: 'rebalance-completed'; state: 'Stable' | 'Empty'; durationMs: number; members: number });

export type GroupEventListener = (event: GroupEvent) => void;
