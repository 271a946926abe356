// KafkaJS consumer groups against minibroker's coordinator: three members share the partitions,
// one leaves and one joins; commits survive a restart of the group.
import type { Consumer, EachMessagePayload } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { useKafkaJs } from '../../helpers/kafkajs.js';
import { pollUntil } from '../../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const clients = useKafkaJs();

/** Tracks the partitions a consumer was last assigned (KafkaJS reports each join). */
function assignmentsOf(consumer: Consumer, topic: string): { partitions: number[] } {
  const state = { partitions: [] as number[] };
  consumer.on(consumer.events.GROUP_JOIN, (event) => {
    state.partitions = [...(event.payload.memberAssignment[topic] ?? [])].sort((a, b) => a - b);
  });
  return state;
}

async function member(port: number, topic: string) {
  const consumer = await clients(port).consumer('shared');
  const assigned = assignmentsOf(consumer, topic);
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: () => Promise.resolve() });
  return { consumer, assigned };
}

const covered = (members: { assigned: { partitions: number[] } }[]) =>
  members
    .flatMap((m) => m.assigned.partitions)
    .sort((a, b) => a - b)
    .join(',');

describe('KafkaJS consumer groups', () => {
  it('splits partitions among three members and rebalances when one leaves and another joins', async () => {
    const b = await fixtures.broker();
    const admin = await clients(b.port).admin();
    await admin.createTopics({ topics: [{ topic: 'jobs', numPartitions: 6 }] });
    const all = '0,1,2,3,4,5';

    const members = [await member(b.port, 'jobs'), await member(b.port, 'jobs'), await member(b.port, 'jobs')];
    await pollUntil(() => covered(members) === all && members.every((m) => m.assigned.partitions.length === 2), 8000);

    const [leaving, ...staying] = members;
    await leaving!.consumer.disconnect();
    await pollUntil(() => covered(staying) === all && staying.every((m) => m.assigned.partitions.length === 3), 8000);
    const described = await admin.describeGroups(['shared']);
    expect(described.groups[0]!.members).toHaveLength(2);

    const joining = await member(b.port, 'jobs');
    const now = [...staying, joining];
    await pollUntil(() => covered(now) === all && now.every((m) => m.assigned.partitions.length === 2), 8000);
  });

  it('commits offsets and a restarted consumer resumes after the last commit', async () => {
    const b = await fixtures.broker();
    const { admin, producer, consumer } = clients(b.port);
    const a = await admin();
    await a.createTopics({ topics: [{ topic: 'ledger', numPartitions: 1 }] });
    const p = await producer();
    await p.send({ topic: 'ledger', messages: [1, 2, 3, 4].map((n) => ({ value: `m${n}` })) });

    const first = await consumer('bookkeepers');
    await first.subscribe({ topic: 'ledger', fromBeginning: true });
    const seen: string[] = [];
    await first.run({
      autoCommit: true,
      autoCommitThreshold: 1,
      eachMessage: ({ message }: EachMessagePayload) => {
        seen.push(message.value!.toString());
        return Promise.resolve();
      },
    });
    await pollUntil(() => seen.length === 4);
    await first.disconnect();
    const committed = await a.fetchOffsets({ groupId: 'bookkeepers', topics: ['ledger'] });
    expect(committed[0]!.partitions).toEqual([{ partition: 0, offset: '4', metadata: null }]);

    await p.send({ topic: 'ledger', messages: [{ value: 'm5' }] });
    const second = await consumer('bookkeepers');
    await second.subscribe({ topic: 'ledger', fromBeginning: true });
    const resumed: string[] = [];
    await second.run({
      eachMessage: ({ message }) => {
        resumed.push(message.value!.toString());
        return Promise.resolve();
      },
    });
    await pollUntil(() => resumed.length >= 1);
    expect(resumed).toEqual(['m5']);
  });
});
