// Coordinator settings with Kafka's names and dev-friendly defaults where the issue asks for them.

export interface GroupConfig {
  /** KIP-134 delay before the first generation of an empty group. Kafka's default is 3000; ours 0 so a dev broker assigns at once. */
  groupInitialRebalanceDelayMs: number;
  /** Kafka: 6000. Ours 100 ms so tests and dev clients can run short sessions. */
  groupMinSessionTimeoutMs: number;
  groupMaxSessionTimeoutMs: number;
  /** Members plus KIP-394 pending members (Kafka's group.max.size, unbounded there). */
  groupMaxSize: number;
  /** How long a new member's JoinGroup may stay parked (Kafka's NewMemberJoinTimeoutMs). */
  newMemberJoinTimeoutMs: number;
  offsetsRetentionMs: number;
  offsetsRetentionCheckIntervalMs: number;
  /** Committed metadata limit, in UTF-16 code units like Java's String.length(). */
  offsetMetadataMaxBytes: number;
}

export const DEFAULT_GROUP_CONFIG: Readonly<GroupConfig> = Object.freeze({
  groupInitialRebalanceDelayMs: 0,
  groupMinSessionTimeoutMs: 100,
  groupMaxSessionTimeoutMs: 30 * 60 * 1000,
  groupMaxSize: 1000,
  newMemberJoinTimeoutMs: 5 * 60 * 1000,
  offsetsRetentionMs: 7 * 24 * 60 * 60 * 1000,
  offsetsRetentionCheckIntervalMs: 10 * 60 * 1000,
  offsetMetadataMaxBytes: 4096,
});
