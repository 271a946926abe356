// Plain request and result shapes of the group coordinator. No wire types: the minibroker
// handlers and a future Kafka-protocol front end both translate into these.
import type { GroupState } from './group-state.js';

export interface ProtocolMetadata {
  name: string;
  metadata: Uint8Array;
}

export interface JoinGroupParams {
  groupId: string;
  /** "" = unknown (a new member). */
  memberId: string;
  groupInstanceId?: string | null;
  clientId: string;
  clientHost: string;
  sessionTimeoutMs: number;
  /** 0 or absent: the session timeout. */
  rebalanceTimeoutMs?: number;
  protocolType: string;
  protocols: readonly ProtocolMetadata[];
  reason?: string;
  /** KIP-394: answer a new dynamic member MEMBER_ID_REQUIRED first. Default true (our one protocol version). */
  requireKnownMemberId?: boolean;
}

export interface JoinGroupMemberInfo {
  memberId: string;
  groupInstanceId: string | null;
  metadata: Uint8Array;
}

export interface JoinGroupResult {
  errorCode: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leader: string;
  skipAssignment: boolean;
  memberId: string;
  /** The leader's response only. */
  members: JoinGroupMemberInfo[];
}

export interface SyncGroupParams {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
  protocolType?: string | null;
  protocolName?: string | null;
  /** From the leader; ignored from followers. */
  assignments?: readonly { memberId: string; assignment: Uint8Array }[];
}

export interface SyncGroupResult {
  errorCode: number;
  protocolType: string | null;
  protocolName: string | null;
  assignment: Uint8Array;
}

export interface HeartbeatParams {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
}

export interface LeaveGroupParams {
  groupId: string;
  members: readonly { memberId: string; groupInstanceId?: string | null; reason?: string }[];
}

export interface LeaveGroupResult {
  errorCode: number;
  members: { memberId: string; groupInstanceId: string | null; errorCode: number }[];
}

export interface OffsetCommitParams {
  groupId: string;
  /** -1 = not a group member (a "simple" commit, allowed only while the group is Empty). */
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
  topics: readonly {
    name: string;
    partitions: readonly { partition: number; offset: number; metadata?: string | null }[];
  }[];
}

export interface OffsetCommitResult {
  topics: { name: string; partitions: { partition: number; errorCode: number }[] }[];
}

export interface OffsetFetchParams {
  groupId: string;
  /** null = every committed offset of the group. */
  topics: readonly { name: string; partitions: readonly number[] }[] | null;
}

export interface OffsetFetchResult {
  errorCode: number;
  topics: { name: string; partitions: { partition: number; offset: number; metadata: string; errorCode: number }[] }[];
}

export interface GroupMemberDescription {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  /** Metadata for the selected protocol and the assignment: empty unless Stable (as Kafka). */
  metadata: Uint8Array;
  assignment: Uint8Array;
}

export interface GroupDescription {
  errorCode: number;
  groupId: string;
  state: GroupState;
  protocolType: string;
  protocol: string;
  members: GroupMemberDescription[];
}

/** A group as the admin API sees it (GroupCoordinator.inspectGroup). */
export interface GroupInspection {
  groupId: string;
  state: GroupState;
  /** Clock time the group entered its state. */
  stateSince: number;
  generationId: number;
  protocolType: string | null;
  protocolName: string | null;
  leaderId: string | null;
  members: {
    memberId: string;
    groupInstanceId: string | null;
    clientId: string;
    clientHost: string;
    sessionTimeoutMs: number;
    /** Clock time of its latest Heartbeat; null before the first. */
    lastHeartbeatAt: number | null;
    /** The latest assignment the leader gave it (kept while rebalancing; empty before the first). */
    assignment: Uint8Array;
  }[];
}

export interface GroupListing {
  groupId: string;
  protocolType: string;
  state: GroupState;
}

/** One committed offset as the store keeps it. */
export interface StoredOffset {
  topic: string;
  partition: number;
  offset: number;
  metadata: string;
  commitTime: number;
}

/**
 * What the coordinator needs from the committed-offsets store (server/storage/offset-store.ts
 * implements it on SQLite). Synchronous: a commit is durable when the call returns.
 */
export interface CommittedOffsets {
  upsertMany(group: string, offsets: readonly StoredOffset[]): void;
  /** All of the group's offsets, or those of the listed topics. */
  fetch(group: string, topics?: readonly string[]): StoredOffset[];
  deleteGroup(group: string): number;
  deletePartitions(group: string, partitions: readonly { topic: string; partition: number }[]): number;
  /** Deletes the group's offsets committed at or before `cutoff`; returns how many. */
  deleteCommittedBefore(group: string, cutoff: number): number;
  /** Groups that have at least one committed offset. */
  groups(): string[];
}

/** Partition counts of existing topics, so commits to unknown partitions are refused. */
export interface TopicPartitionLookup {
  /** undefined = no such topic. */
  partitionCount(topic: string): number | undefined;
}
