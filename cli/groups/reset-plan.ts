// Works out where `groups reset-offsets` moves each partition (kafka-consumer-groups' rules:
// targets are clamped into [log start, log end]; a shift needs a committed offset) and applies
// the plan. Kafka refuses to move the offsets of a group with members, and so do we: a running
// member would overwrite them with its next commit.
import { ErrorCode, MinibrokerError, type Admin } from '../../client-sdk/index.js';
import { CliError, unknownTopicAsCliError } from '../errors.js';
import type { TopicSelection } from '../parse/topic-partitions.js';
import type { ResetSpec } from './reset-spec.js';

export interface PlannedOffset {
  topic: string;
  partition: number;
  /** The committed offset now; null when none. */
  current: number | null;
  next: number;
}

export async function assertGroupInactive(admin: Admin, groupId: string): Promise<void> {
  const [group] = (await admin.describeGroups([groupId])).groups;
  if (group && group.state !== 'Empty' && group.state !== 'Dead') throw inactiveError(groupId, group.state, group.members.length);
}

/** The topics the group committed offsets for, for --all-topics. */
export async function committedTopics(admin: Admin, groupId: string): Promise<TopicSelection[]> {
  return (await admin.fetchOffsets({ groupId })).map((t) => ({ topic: t.topic }));
}

export async function planReset(admin: Admin, groupId: string, selections: TopicSelection[], spec: ResetSpec): Promise<PlannedOffset[]> {
  const plans = await Promise.all(selections.map((selection) => planTopic(admin, groupId, selection, spec)));
  return plans.flat();
}

async function planTopic(admin: Admin, groupId: string, { topic, partitions }: TopicSelection, spec: ResetSpec): Promise<PlannedOffset[]> {
  const bounds = await unknownTopicAsCliError(topic, () => admin.fetchTopicOffsets(topic));
  const chosen = partitions ?? bounds.map((b) => b.partition);
  const missing = chosen.filter((p) => !bounds.some((b) => b.partition === p));
  if (missing.length > 0) throw new CliError(`topic "${topic}" has no partition ${missing.join(', ')} (it has ${bounds.length})`);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const byTime = spec.to === 'datetime' ? new Map((await admin.fetchTopicOffsetsByTimestamp(topic, spec.timestamp)).map((o) => [o.partition, Number(o.offset)])) : undefined;

  return chosen.map((partition) => {
    const { low, high } = bounds.find((b) => b.partition === partition)!;
    const raw = committed?.partitions.find((p) => p.partition === partition)?.offset;
    const current = raw === undefined || Number(raw) < 0 ? null : Number(raw);
    const target = (() => {
      switch (spec.to) {
        case 'earliest':
          return Number(low);
        case 'latest':
          return Number(high);
        case 'offset':
          return spec.offset;
        case 'shift':
          if (current === null) throw new CliError(`cannot shift ${topic}/${partition}: group "${groupId}" has no committed offset for it`);
          return current + spec.by;
        case 'datetime':
          return byTime!.get(partition) ?? Number(high);
      }
    })();
    return { topic, partition, current, next: Math.min(Math.max(target, Number(low)), Number(high)) };
  });
}

export async function applyReset(admin: Admin, groupId: string, plan: PlannedOffset[]): Promise<void> {
  const topics = [...new Set(plan.map((p) => p.topic))];
  try {
    for (const topic of topics) {
      await admin.setOffsets({ groupId, topic, partitions: plan.filter((p) => p.topic === topic).map((p) => ({ partition: p.partition, offset: p.next })) });
    }
  } catch (error) {
    // A consumer joined between the check and the commit.
    if (error instanceof MinibrokerError && error.code === ErrorCode.NON_EMPTY_GROUP) throw inactiveError(groupId, 'active', undefined);
    throw error;
  }
}

function inactiveError(groupId: string, state: string, members: number | undefined): CliError {
  const who = members === undefined ? 'it has active members' : `it has ${members} active member${members === 1 ? '' : 's'}`;
  return new CliError(`cannot reset offsets of group "${groupId}" while ${who} (state ${state}): stop its consumers first`);
}
