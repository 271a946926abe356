// One group as `groups describe` shows it: state and members (with their decoded assignments),
// and per partition the committed offset, log end offset, lag and owner. Partitions appear when
// a member owns them or the group committed an offset for them, as in kafka-consumer-groups.
import type { Admin, GroupDescription } from '../../client-sdk/index.js';
import { CONSUMER_PROTOCOL_TYPE, decodeAssignment } from '../../protocol/consumer-protocol.js';
import { partitionLag } from '../../protocol/offsets/index.js';
import { CliError } from '../errors.js';

export interface MemberView {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  host: string;
  assignment: { topic: string; partitions: number[] }[];
}

export interface PartitionView {
  topic: string;
  partition: number;
  /** null: the group never committed this partition. */
  currentOffset: number | null;
  /** null: the topic is gone. */
  logEndOffset: number | null;
  lag: number | null;
  consumerId: string | null;
  host: string | null;
  clientId: string | null;
}

export interface GroupSnapshot {
  groupId: string;
  state: string;
  protocolType: string;
  /** The assignor the members chose ('' while there is none). */
  protocol: string;
  members: MemberView[];
  partitions: PartitionView[];
}

export async function loadGroupSnapshot(admin: Admin, groupId: string): Promise<GroupSnapshot> {
  const [description] = (await admin.describeGroups([groupId])).groups;
  const committed = await admin.fetchOffsets({ groupId });
  if (!description || (description.state === 'Dead' && committed.length === 0))
    throw new CliError(`consumer group "${groupId}" does not exist`);
  const members = description.members.map((m) => toMemberView(description, m));

  const owners = new Map<string, MemberView>();
  for (const member of members)
    for (const a of member.assignment) for (const p of a.partitions) owners.set(key(a.topic, p), member);
  const offsets = new Map<string, number>();
  for (const t of committed)
    for (const p of t.partitions) if (Number(p.offset) >= 0) offsets.set(key(t.topic, p.partition), Number(p.offset));

  const byTopic = new Map<string, Set<number>>();
  for (const k of [...owners.keys(), ...offsets.keys()]) {
    const [topic, partition] = splitKey(k);
    if (!byTopic.has(topic)) byTopic.set(topic, new Set());
    byTopic.get(topic)!.add(partition);
  }
  const partitions: PartitionView[] = [];
  for (const topic of [...byTopic.keys()].sort()) {
    const ends = await logEndOffsets(admin, topic);
    for (const partition of [...byTopic.get(topic)!].sort((a, b) => a - b)) {
      const currentOffset = offsets.get(key(topic, partition)) ?? null;
      const logEndOffset = ends.get(partition) ?? null;
      const owner = owners.get(key(topic, partition));
      partitions.push({
        topic,
        partition,
        currentOffset,
        logEndOffset,
        lag: logEndOffset === null ? null : partitionLag(currentOffset, logEndOffset),
        consumerId: owner?.memberId ?? null,
        host: owner?.host ?? null,
        clientId: owner?.clientId ?? null,
      });
    }
  }
  return {
    groupId,
    state: description.state,
    protocolType: description.protocolType,
    protocol: description.protocol,
    members,
    partitions,
  };
}

function toMemberView(group: GroupDescription, member: GroupDescription['members'][number]): MemberView {
  const consumer = group.protocolType === CONSUMER_PROTOCOL_TYPE && member.memberAssignment.length > 0;
  const assignment = consumer ? decodeAssignment(member.memberAssignment).assignedPartitions : [];
  return {
    memberId: member.memberId,
    groupInstanceId: member.groupInstanceId,
    clientId: member.clientId,
    host: member.clientHost,
    assignment: assignment.map((a) => ({ topic: a.topic, partitions: [...a.partitions].sort((x, y) => x - y) })),
  };
}

/**
 * Where lag is measured to: the last stable offset, as for a read_committed consumer (it equals
 * the log end offset unless a transaction is open). A topic deleted since the group used it has
 * no offsets: its rows show '-'.
 */
async function logEndOffsets(admin: Admin, topic: string): Promise<Map<number, number>> {
  try {
    return new Map((await admin.fetchTopicOffsets(topic)).map((o) => [o.partition, Number(o.lastStable)]));
  } catch {
    return new Map();
  }
}

const key = (topic: string, partition: number) => `${partition}\u0000${topic}`;
function splitKey(k: string): [string, number] {
  const at = k.indexOf('\u0000');
  return [k.slice(at + 1), Number(k.slice(0, at))];
}
