// The admin client's group calls: describe, list, delete, and read or move a group's committed
// offsets. Each group's requests go to its coordinator. Offsets can only be moved while the
// group has no members, as Kafka refuses (a running member would overwrite them anyway).
import { ErrorCode } from '../../protocol/errors.js';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, type DescribedGroup } from '../../protocol/messages.js';
import { MinibrokerAggregateError, MinibrokerInvalidArgumentError, MinibrokerProtocolError } from '../errors.js';
import type { Cluster } from '../network/cluster.js';
import { CoordinatorClient } from '../network/coordinator-client.js';
import { validateTopicName } from '../producer/validate.js';
import { listOffsets } from './list-offsets.js';

export interface GroupMemberDescription {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  /** The member's subscription bytes (decode with the consumer protocol); empty unless Stable. */
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export interface GroupDescription {
  groupId: string;
  errorCode: number;
  /** Empty, PreparingRebalance, CompletingRebalance, Stable or Dead (also for unknown groups). */
  state: string;
  protocolType: string;
  protocol: string;
  members: GroupMemberDescription[];
}

export interface GroupOffsets {
  topic: string;
  partitions: { partition: number; offset: string; metadata: string | null }[];
}

function validateGroupIds(groupIds: unknown): asserts groupIds is string[] {
  if (
    !Array.isArray(groupIds) ||
    groupIds.length === 0 ||
    !groupIds.every((id) => typeof id === 'string' && id !== '')
  ) {
    throw new MinibrokerInvalidArgumentError('expected a non-empty array of group ids');
  }
}

function validateGroupId(groupId: unknown): asserts groupId is string {
  if (typeof groupId !== 'string' || groupId === '')
    throw new MinibrokerInvalidArgumentError('groupId must be a non-empty string');
}

/** Runs `fn` against the group's coordinator, retrying retriable errors (a moved coordinator is looked up again). */
function withCoordinator<T>(
  cluster: Cluster,
  groupId: string,
  fn: (coordinator: CoordinatorClient) => Promise<T>,
): Promise<T> {
  const coordinator = new CoordinatorClient(cluster, groupId);
  return cluster.retrier(() => fn(coordinator));
}

export async function describeGroups(cluster: Cluster, groupIds: string[]): Promise<{ groups: GroupDescription[] }> {
  validateGroupIds(groupIds);
  const groups = await Promise.all(
    groupIds.map((groupId) =>
      withCoordinator(cluster, groupId, async (coordinator) => {
        const response = await coordinator.request('DescribeGroups', { groups: [groupId] });
        const group = response.groups.find((g) => g.groupId === groupId);
        if (!group)
          throw new MinibrokerProtocolError(ErrorCode.UNKNOWN_SERVER_ERROR, `no description of group "${groupId}"`);
        coordinator.checkMoved(group.errorCode);
        return toDescription(group);
      }),
    ),
  );
  return { groups };
}

function toDescription(group: DescribedGroup): GroupDescription {
  return {
    groupId: group.groupId,
    errorCode: group.errorCode,
    state: group.state,
    protocolType: group.protocolType,
    protocol: group.protocol,
    members: group.members.map((m) => ({
      memberId: m.memberId,
      groupInstanceId: m.groupInstanceId ?? null,
      clientId: m.clientId,
      clientHost: m.clientHost,
      memberMetadata: Buffer.from(m.metadata),
      memberAssignment: Buffer.from(m.assignment),
    })),
  };
}

/** Every group of every broker. */
export async function listGroups(cluster: Cluster): Promise<{ groups: { groupId: string; protocolType: string }[] }> {
  const metadata = await cluster.fetchMetadata([]);
  const lists = await Promise.all(
    metadata.brokers.map((broker) =>
      cluster.retrier(async () => {
        const response = await (
          await cluster.connectionForNode(broker.nodeId)
        ).request('ListGroups', { statesFilter: [] });
        if (response.errorCode !== ErrorCode.NONE) throw new MinibrokerProtocolError(response.errorCode);
        return response.groups;
      }),
    ),
  );
  return { groups: lists.flat().map((g) => ({ groupId: g.groupId, protocolType: g.protocolType })) };
}

/** Deletes groups without members, with their offsets; throws when any cannot be deleted (each error kept). */
export async function deleteGroups(
  cluster: Cluster,
  groupIds: string[],
): Promise<{ groupId: string; errorCode: number }[]> {
  validateGroupIds(groupIds);
  const results = await Promise.all(
    groupIds.map((groupId) =>
      withCoordinator(cluster, groupId, async (coordinator) => {
        const response = await coordinator.request('DeleteGroups', { groups: [groupId] });
        const result = response.results.find((r) => r.groupId === groupId) ?? {
          groupId,
          errorCode: ErrorCode.UNKNOWN_SERVER_ERROR,
        };
        coordinator.checkMoved(result.errorCode);
        return { groupId, errorCode: result.errorCode };
      }),
    ),
  );
  const failed = results.filter((r) => r.errorCode !== ErrorCode.NONE);
  if (failed.length > 0) {
    const errors = failed.map(
      (r) =>
        new MinibrokerProtocolError(
          r.errorCode,
          `group "${r.groupId}": ${new MinibrokerProtocolError(r.errorCode).message}`,
        ),
    );
    throw errors.length === 1 ? errors[0]! : new MinibrokerAggregateError('deleteGroups failed', errors);
  }
  return results;
}

/** Committed offsets ('-1' where none) of every partition of `topics`, or of every topic the group committed to. */
export async function fetchOffsets(
  cluster: Cluster,
  { groupId, topics }: { groupId: string; topics?: string[] },
): Promise<GroupOffsets[]> {
  validateGroupId(groupId);
  topics?.forEach((topic) => validateTopicName(topic));
  const requested =
    topics && topics.length > 0
      ? await Promise.all(topics.map(async (name) => ({ name, partitions: await partitionsOf(cluster, name) })))
      : undefined;
  const response = await withCoordinator(cluster, groupId, async (coordinator) => {
    const r = await coordinator.request('OffsetFetch', {
      groupId,
      topics: requested ?? [],
      allTopics: requested === undefined,
    });
    coordinator.checkMoved(r.errorCode);
    if (r.errorCode !== ErrorCode.NONE) throw new MinibrokerProtocolError(r.errorCode);
    return r;
  });
  return response.topics.map((t) => ({
    topic: t.name,
    partitions: [...t.partitions]
      .sort((a, b) => a.partition - b.partition)
      .map((p) => {
        if (p.errorCode !== ErrorCode.NONE)
          throw new MinibrokerProtocolError(
            p.errorCode,
            `${t.name}/${p.partition}: ${new MinibrokerProtocolError(p.errorCode).message}`,
          );
        return {
          partition: p.partition,
          offset: String(p.committedOffset),
          metadata: p.committedOffset < 0 ? null : p.metadata,
        };
      }),
  }));
}

/** Moves the group's offsets of `topic` to the log start (earliest) or end. */
export async function resetOffsets(
  cluster: Cluster,
  { groupId, topic, earliest = false }: { groupId: string; topic: string; earliest?: boolean },
): Promise<void> {
  validateGroupId(groupId);
  validateTopicName(topic);
  await assertNoMembers(cluster, groupId);
  const partitions = await partitionsOf(cluster, topic);
  const answers = await listOffsets(cluster, topic, partitions, earliest ? EARLIEST_TIMESTAMP : LATEST_TIMESTAMP);
  await commitAsAdmin(
    cluster,
    groupId,
    topic,
    partitions.map((partition) => {
      const answer = answers.get(partition);
      if (!answer || answer.errorCode !== ErrorCode.NONE)
        throw new MinibrokerProtocolError(
          answer?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR,
          `offsets of ${topic}/${partition}`,
        );
      return { partition, offset: answer.offset };
    }),
  );
}

/** Sets the group's committed offsets (the next record to read) of some partitions of `topic`. */
export async function setOffsets(
  cluster: Cluster,
  {
    groupId,
    topic,
    partitions,
  }: { groupId: string; topic: string; partitions: { partition: number; offset: string | number }[] },
): Promise<void> {
  validateGroupId(groupId);
  validateTopicName(topic);
  if (!Array.isArray(partitions) || partitions.length === 0)
    throw new MinibrokerInvalidArgumentError('setOffsets needs a non-empty partitions array');
  const offsets = partitions.map(({ partition, offset }) => {
    const n = Number(offset);
    if (!Number.isInteger(partition) || partition < 0 || !Number.isSafeInteger(n) || n < 0)
      throw new MinibrokerInvalidArgumentError(
        `setOffsets: bad partition or offset (${String(partition)}, ${String(offset)})`,
      );
    return { partition, offset: n };
  });
  await assertNoMembers(cluster, groupId);
  await commitAsAdmin(cluster, groupId, topic, offsets);
}

async function assertNoMembers(cluster: Cluster, groupId: string): Promise<void> {
  const { groups } = await describeGroups(cluster, [groupId]);
  const group = groups[0]!;
  if (group.state !== 'Empty' && group.state !== 'Dead') {
    throw new MinibrokerProtocolError(
      ErrorCode.NON_EMPTY_GROUP,
      `group "${groupId}" has ${group.members.length} member(s) (${group.state}); stop its consumers before moving its offsets`,
    );
  }
}

/** A commit from outside group management (generation -1): the broker takes it only while the group has no members. */
async function commitAsAdmin(
  cluster: Cluster,
  groupId: string,
  topic: string,
  offsets: { partition: number; offset: number }[],
): Promise<void> {
  const response = await withCoordinator(cluster, groupId, async (coordinator) => {
    const r = await coordinator.request('OffsetCommit', {
      groupId,
      generationId: -1,
      memberId: '',
      topics: [
        { name: topic, partitions: offsets.map(({ partition, offset }) => ({ partition, committedOffset: offset })) },
      ],
    });
    for (const t of r.topics) for (const p of t.partitions) coordinator.checkMoved(p.errorCode);
    return r;
  });
  const errors = response.topics.flatMap((t) =>
    t.partitions
      .filter((p) => p.errorCode !== ErrorCode.NONE)
      .map(
        (p) =>
          new MinibrokerProtocolError(
            p.errorCode,
            `${t.name}/${p.partition}: ${new MinibrokerProtocolError(p.errorCode).message}`,
          ),
      ),
  );
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new MinibrokerAggregateError('committing offsets failed', errors);
}

async function partitionsOf(cluster: Cluster, topic: string): Promise<number[]> {
  await cluster.ensureTopics([topic], false);
  return cluster.topicMetadata(topic)!.partitions.map((p) => p.partition);
}
