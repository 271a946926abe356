// Group-protocol steps for broker tests over the raw client: the KIP-394 join dance, sync,
// heartbeat, commits. Plain functions over RawClient so each test reads as the wire exchange.
import { ErrorCode } from '../../protocol/errors.js';
import { encodeAssignment, encodeSubscription } from '../../protocol/consumer-protocol.js';
import type { JoinGroupResponse, RequestOf } from '../../protocol/messages.js';
import { type DeepPartial, type RawClient } from './broker.js';
import { pollUntil } from './poll-until.js';

export interface JoinOptions {
  sessionTimeoutMs?: number;
  rebalanceTimeoutMs?: number;
  groupInstanceId?: string;
  protocols?: { name: string; metadata: Uint8Array }[];
  protocolType?: string;
  topics?: string[];
}

export function joinRequest(
  groupId: string,
  memberId: string,
  o: JoinOptions = {},
): DeepPartial<RequestOf<'JoinGroup'>> {
  return {
    groupId,
    memberId,
    sessionTimeoutMs: o.sessionTimeoutMs ?? 10_000,
    rebalanceTimeoutMs: o.rebalanceTimeoutMs ?? 10_000,
    protocolType: o.protocolType ?? 'consumer',
    protocols: o.protocols ?? [{ name: 'range', metadata: encodeSubscription({ topics: o.topics ?? ['t'] }) }],
    ...(o.groupInstanceId !== undefined ? { groupInstanceId: o.groupInstanceId } : {}),
  };
}

/** A new dynamic member's member id (the first JoinGroup answers MEMBER_ID_REQUIRED with it). */
export async function memberIdFor(client: RawClient, groupId: string, o: JoinOptions = {}): Promise<string> {
  const first = await client.request('JoinGroup', joinRequest(groupId, '', o));
  if (first.errorCode !== ErrorCode.MEMBER_ID_REQUIRED || first.memberId === '')
    throw new Error(`expected MEMBER_ID_REQUIRED, got ${first.errorCode}`);
  return first.memberId;
}

/** Starts a JoinGroup with a known member id (it parks until the join phase completes). */
export function join(
  client: RawClient,
  groupId: string,
  memberId: string,
  o: JoinOptions = {},
): Promise<JoinGroupResponse> {
  return client.request('JoinGroup', joinRequest(groupId, memberId, o));
}

export function sync(
  client: RawClient,
  groupId: string,
  generationId: number,
  memberId: string,
  assignments: { memberId: string; assignment: Uint8Array }[] = [],
  groupInstanceId?: string,
) {
  return client.request('SyncGroup', {
    groupId,
    generationId,
    memberId,
    assignments,
    ...(groupInstanceId !== undefined ? { groupInstanceId } : {}),
  });
}

export async function heartbeat(
  client: RawClient,
  groupId: string,
  generationId: number,
  memberId: string,
  groupInstanceId?: string,
): Promise<number> {
  const r = await client.request('Heartbeat', {
    groupId,
    generationId,
    memberId,
    ...(groupInstanceId !== undefined ? { groupInstanceId } : {}),
  });
  return r.errorCode;
}

/** Heartbeats every 50 ms until the answer is `code` (a live member's view of a group change). */
export function heartbeatUntil(
  client: RawClient,
  groupId: string,
  generationId: number,
  memberId: string,
  code: number,
  timeoutMs = 5000,
): Promise<number> {
  return pollUntil(
    async () => {
      const got = await heartbeat(client, groupId, generationId, memberId);
      return got === code ? got : undefined;
    },
    timeoutMs,
    50,
  );
}

/** One member joins an empty group alone and syncs: it is leader of generation 1 with `partitions` of topic t. */
export async function joinAlone(client: RawClient, groupId: string, o: JoinOptions = {}, partitions: number[] = [0]) {
  const memberId = o.groupInstanceId === undefined ? await memberIdFor(client, groupId, o) : '';
  const joined = await join(client, groupId, memberId, o);
  if (joined.errorCode !== ErrorCode.NONE) throw new Error(`join failed with ${joined.errorCode}`);
  const assignment = assignmentOf({ t: partitions });
  const synced = await sync(
    client,
    groupId,
    joined.generationId,
    joined.memberId,
    [{ memberId: joined.memberId, assignment }],
    o.groupInstanceId,
  );
  if (synced.errorCode !== ErrorCode.NONE) throw new Error(`sync failed with ${synced.errorCode}`);
  return { memberId: joined.memberId, generationId: joined.generationId, joined, synced };
}

export function assignmentOf(byTopic: Record<string, number[]>): Uint8Array {
  return encodeAssignment({
    assignedPartitions: Object.entries(byTopic).map(([topic, partitions]) => ({ topic, partitions })),
  });
}

export async function commit(
  client: RawClient,
  groupId: string,
  generationId: number,
  memberId: string,
  topic: string,
  offsets: Record<number, number>,
  metadata?: string,
) {
  const r = await client.request('OffsetCommit', {
    groupId,
    generationId,
    memberId,
    topics: [
      {
        name: topic,
        partitions: Object.entries(offsets).map(([p, offset]) => ({
          partition: Number(p),
          committedOffset: offset,
          ...(metadata !== undefined ? { committedMetadata: metadata } : {}),
        })),
      },
    ],
  });
  return r.topics[0]!.partitions.map((p) => p.errorCode);
}

export async function fetchOffsets(client: RawClient, groupId: string, topic: string, partitions: number[]) {
  const r = await client.request('OffsetFetch', { groupId, topics: [{ name: topic, partitions }] });
  return r.topics[0]!.partitions.map((p) => ({
    partition: p.partition,
    offset: p.committedOffset,
    metadata: p.metadata,
    errorCode: p.errorCode,
  }));
}

export async function createTopic(client: RawClient, name: string, numPartitions: number): Promise<void> {
  const r = await client.request('CreateTopics', { topics: [{ name, numPartitions, configs: {} }] });
  if (r.topics[0]!.errorCode !== 0) throw new Error(`create topic ${name} failed with ${r.topics[0]!.errorCode}`);
}

/**
 * Two dynamic members in one Stable group: A joins alone (generation g), B joins, A sees the
 * rebalance and rejoins, A leads generation g+1 and hands out `assignments` (by member letter).
 */
export async function twoMembers(
  a: RawClient,
  b: RawClient,
  groupId: string,
  o: JoinOptions = {},
  split: [number[], number[]] = [
    [0, 1],
    [2, 3],
  ],
) {
  const first = await joinAlone(a, groupId, o);
  const idB = await memberIdFor(b, groupId, o);
  const joinB = join(b, groupId, idB, o);
  await heartbeatUntil(a, groupId, first.generationId, first.memberId, ErrorCode.REBALANCE_IN_PROGRESS);
  const [joinedA, joinedB] = await Promise.all([join(a, groupId, first.memberId, o), joinB]);
  const generationId = joinedA.generationId;
  const syncB = sync(b, groupId, generationId, idB);
  const syncA = await sync(a, groupId, generationId, first.memberId, [
    { memberId: first.memberId, assignment: assignmentOf({ t: split[0] }) },
    { memberId: idB, assignment: assignmentOf({ t: split[1] }) },
  ]);
  return { idA: first.memberId, idB, generationId, joinedA, joinedB, syncA, syncB: await syncB };
}
