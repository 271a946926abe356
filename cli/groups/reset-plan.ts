// Looks up what `groups reset-offsets` needs (log bounds, committed offsets, offsets by time),
// plans with the shared rules of protocol/offsets (as kafka-consumer-groups) and applies the plan.
// Kafka refuses to move the offsets of a group with members, and so do we: a running member would
// overwrite them with its next commit.
import { ErrorCode, MinibrokerError, type Admin } from '../../client-sdk/index.js';
import { CliError, unknownTopicAsCliError } from '../errors.js';
import type { TopicSelection } from '../parse/topic-partitions.js';
import {
  NoCommittedOffset,
  planOffsetReset,
  type PlannedOffset,
  type ResetSpec,
  type ResetTarget,
} from '../../protocol/offsets/index.js';

export async function assertGroupInactive(admin: Admin, groupId: string): Promise<void> {
  const [group] = (await admin.describeGroups([groupId])).groups;
  if (group && group.state !== 'Empty' && group.state !== 'Dead')
    throw inactiveError(groupId, group.state, group.members.length);
}

/** The topics the group committed offsets for, for --all-topics. */
export async function committedTopics(admin: Admin, groupId: string): Promise<TopicSelection[]> {
  return (await admin.fetchOffsets({ groupId })).map((t) => ({ topic: t.topic }));
}

export async function planReset(
  admin: Admin,
  groupId: string,
  selections: TopicSelection[],
  spec: ResetSpec,
): Promise<PlannedOffset[]> {
  const plans = await Promise.all(selections.map((selection) => planTopic(admin, groupId, selection, spec)));
  return plans.flat();
}

async function planTopic(
  admin: Admin,
  groupId: string,
  { topic, partitions }: TopicSelection,
  spec: ResetSpec,
): Promise<PlannedOffset[]> {
  const bounds = await unknownTopicAsCliError(topic, () => admin.fetchTopicOffsets(topic));
  const chosen = partitions ?? bounds.map((b) => b.partition);
  const missing = chosen.filter((p) => !bounds.some((b) => b.partition === p));
  if (missing.length > 0)
    throw new CliError(`topic "${topic}" has no partition ${missing.join(', ')} (it has ${bounds.length})`);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const byTime =
    spec.to === 'datetime'
      ? new Map(
          (await admin.fetchTopicOffsetsByTimestamp(topic, spec.timestamp)).map((o) => [o.partition, Number(o.offset)]),
        )
      : undefined;
  const targets: ResetTarget[] = chosen.map((partition) => {
    const { low, high } = bounds.find((b) => b.partition === partition)!;
    const raw = committed?.partitions.find((p) => p.partition === partition)?.offset;
    const committedOffset = raw === undefined || Number(raw) < 0 ? null : Number(raw);
    return { topic, partition, logStartOffset: Number(low), logEndOffset: Number(high), committedOffset };
  });
  // A negative lookup result means no record that late: the planner then takes the log end.
  const offsetAt = (_topic: string, partition: number) => {
    const found = byTime?.get(partition);
    return found === undefined || found < 0 ? null : found;
  };
  try {
    return planOffsetReset(spec, targets, offsetAt);
  } catch (error) {
    if (error instanceof NoCommittedOffset)
      throw new CliError(
        `cannot shift ${error.topic}/${error.partition}: group "${groupId}" has no committed offset for it`,
      );
    throw error;
  }
}

export async function applyReset(admin: Admin, groupId: string, plan: PlannedOffset[]): Promise<void> {
  const topics = [...new Set(plan.map((p) => p.topic))];
  try {
    for (const topic of topics) {
      await admin.setOffsets({
        groupId,
        topic,
        partitions: plan.filter((p) => p.topic === topic).map((p) => ({ partition: p.partition, offset: p.next })),
      });
    }
  } catch (error) {
    // A consumer joined between the check and the commit.
    if (error instanceof MinibrokerError && error.code === ErrorCode.NON_EMPTY_GROUP)
      throw inactiveError(groupId, 'active', undefined);
    throw error;
  }
}

function inactiveError(groupId: string, state: string, members: number | undefined): CliError {
  const who =
    members === undefined ? 'it has active members' : `it has ${members} active member${members === 1 ? '' : 's'}`;
  return new CliError(
    `cannot reset offsets of group "${groupId}" while ${who} (state ${state}): stop its consumers first`,
  );
}
