// The three `groups describe` views, in kafka-consumer-groups' columns: offsets (default),
// --members and --state; each as a table or JSON.
import { totalLag } from '../../protocol/offsets/index.js';
import { printJson, printNote, printTable } from '../output/print.js';
import type { CoordinatorInfo } from './find-coordinator.js';
import type { GroupSnapshot, MemberView } from './group-snapshot.js';

export function printOffsetsView(group: GroupSnapshot, json: boolean): void {
  if (json)
    return printJson({
      groupId: group.groupId,
      state: group.state,
      totalLag: totalLag(group.partitions.map((p) => p.lag)),
      partitions: group.partitions,
    });
  noteWhenInactive(group);
  printTable(
    ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'],
    group.partitions.map((p) => [
      group.groupId,
      p.topic,
      p.partition,
      p.currentOffset,
      p.logEndOffset,
      p.lag,
      p.consumerId,
      p.host,
      p.clientId,
    ]),
  );
}

export function printMembersView(group: GroupSnapshot, json: boolean, verbose: boolean): void {
  if (json)
    return printJson({
      groupId: group.groupId,
      state: group.state,
      members: group.members.map((m) => ({ ...m, partitions: partitionCount(m) })),
    });
  noteWhenInactive(group);
  const headers = [
    'GROUP',
    'CONSUMER-ID',
    'GROUP-INSTANCE-ID',
    'HOST',
    'CLIENT-ID',
    '#PARTITIONS',
    ...(verbose ? ['ASSIGNMENT'] : []),
  ];
  printTable(
    headers,
    group.members.map((m) => [
      group.groupId,
      m.memberId,
      m.groupInstanceId,
      m.host,
      m.clientId,
      partitionCount(m),
      ...(verbose ? [assignmentText(m)] : []),
    ]),
  );
}

export function printStateView(group: GroupSnapshot, coordinator: CoordinatorInfo | null, json: boolean): void {
  if (json)
    return printJson({
      groupId: group.groupId,
      coordinator,
      protocolType: group.protocolType,
      assignmentStrategy: group.protocol,
      state: group.state,
      members: group.members.length,
    });
  printTable(
    ['GROUP', 'COORDINATOR (ID)', 'ASSIGNMENT-STRATEGY', 'STATE', '#MEMBERS'],
    [
      [
        group.groupId,
        coordinator ? `${coordinator.host}:${coordinator.port} (${coordinator.nodeId})` : null,
        group.protocol,
        group.state,
        group.members.length,
      ],
    ],
  );
}

/** `orders(0,1),payments(2)` as kafka-consumer-groups prints an assignment; '-' when empty. */
export function assignmentText(member: MemberView): string {
  return member.assignment.map((a) => `${a.topic}(${a.partitions.join(',')})`).join(',');
}

function partitionCount(member: MemberView): number {
  return member.assignment.reduce((sum, a) => sum + a.partitions.length, 0);
}

function noteWhenInactive(group: GroupSnapshot): void {
  if (group.members.length === 0) printNote(`Consumer group '${group.groupId}' has no active members.`);
  else if (group.state !== 'Stable') printNote(`Consumer group '${group.groupId}' is rebalancing (${group.state}).`);
}
