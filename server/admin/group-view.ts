// A consumer group as the admin API shows it: coordinator state, members with decoded
// assignments, and per partition the committed offset, log end offset, lag and owner.
import { CONSUMER_PROTOCOL_TYPE, decodeAssignment } from '../../protocol/consumer-protocol.js';
import type { BrokerServices } from '../broker-services.js';
import { AdminError } from './admin-error.js';
import { partitionLag, totalLag } from '../../protocol/offsets/index.js';

export interface MemberView {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  host: string;
  /** ISO 8601; null before its first heartbeat. */
  lastHeartbeat: string | null;
  assignment: { topic: string; partitions: number[] }[];
}

export interface GroupPartitionView {
  topic: string;
  partition: number;
  committedOffset: number | null;
  logStartOffset: number;
  logEndOffset: number;
  /** Where read_committed consumers stop: the first offset of an open transaction, else the log end. */
  lastStableOffset: number;
  /** Measured to the last stable offset, as for a read_committed consumer. */
  lag: number | null;
  /** The member the partition is assigned to, if any. */
  owner: string | null;
}

export interface GroupDetails {
  groupId: string;
  state: string;
  stateSince: string;
  generationId: number;
  protocolType: string | null;
  protocol: string | null;
  leader: string | null;
  coordinatorShard: number;
  members: MemberView[];
  partitions: GroupPartitionView[];
  totalLag: number;
}

/** The group's details; 404 GROUP_NOT_FOUND when the coordinator does not know it. */
export function groupDetails(services: BrokerServices, groupId: string): GroupDetails {
  const coordinator = services.coordinators.forGroup(groupId);
  const group = coordinator.inspectGroup(groupId);
  if (!group) throw new AdminError('GROUP_NOT_FOUND', `no consumer group "${groupId}"`);
  const consumer = group.protocolType === CONSUMER_PROTOCOL_TYPE;
  const members = group.members.map((m): MemberView => ({
    memberId: m.memberId,
    groupInstanceId: m.groupInstanceId,
    clientId: m.clientId,
    host: m.clientHost,
    lastHeartbeat: m.lastHeartbeatAt === null ? null : new Date(m.lastHeartbeatAt).toISOString(),
    assignment: consumer ? readAssignment(m.assignment) : [],
  }));
  const owners = new Map<string, string>();
  for (const m of members)
    for (const tp of m.assignment) for (const p of tp.partitions) owners.set(`${tp.topic}\u0000${p}`, m.memberId);
  const committed = new Map<string, number>();
  for (const t of coordinator.fetchOffsets({ groupId, topics: null }).topics) {
    for (const p of t.partitions) committed.set(`${t.name}\u0000${p.partition}`, p.offset);
  }
  const topicNames = new Set<string>([...committed.keys(), ...owners.keys()].map((key) => key.split('\u0000')[0]!));
  const partitions: GroupPartitionView[] = [];
  for (const name of [...topicNames].sort()) {
    for (const log of services.topics.get(name)?.partitions ?? []) {
      const key = `${name}\u0000${log.partition}`;
      const position = {
        logStartOffset: log.logStartOffset,
        logEndOffset: log.logEndOffset,
        lastStableOffset: log.lastStableOffset,
        committedOffset: committed.get(key) ?? null,
      };
      partitions.push({
        topic: name,
        partition: log.partition,
        ...position,
        lag: partitionLag(position.committedOffset, position.lastStableOffset),
        owner: owners.get(key) ?? null,
      });
    }
  }
  return {
    groupId,
    state: group.state,
    stateSince: new Date(group.stateSince).toISOString(),
    generationId: group.generationId,
    protocolType: group.protocolType,
    protocol: group.protocolName,
    leader: group.leaderId,
    coordinatorShard: services.coordinators.shardFor(groupId),
    members,
    partitions,
    totalLag: totalLag(partitions.map((p) => p.lag)),
  };
}

function readAssignment(bytes: Uint8Array): { topic: string; partitions: number[] }[] {
  if (bytes.length === 0) return [];
  try {
    return decodeAssignment(bytes).assignedPartitions.map((tp) => ({
      topic: tp.topic,
      partitions: [...tp.partitions].sort((a, b) => a - b),
    }));
  } catch {
    return [];
  }
}
