// One group, two protocols: KafkaJS members and our SDK's members share a topic's partitions.
// Both speak Kafka's consumer-protocol encoding, so either may lead and assign for the other.
import { PartitionAssigners, type Consumer as KafkaJsConsumer, type PartitionAssigner } from 'kafkajs';
import { afterEach, describe, it } from 'vitest';
import { Assignors, Client, type Consumer } from '../../../client-sdk/index.js';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { useKafkaJs } from '../../helpers/kafkajs.js';
import { pollUntil } from '../../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const clients = useKafkaJs();
const sdkConsumers: Consumer[] = [];
afterEach(async () => {
  for (const c of sdkConsumers.splice(0)) await c.disconnect().catch(() => {});
});

/** KafkaJS's round robin under the name Kafka's clients (and our SDK) give it. */
const kafkaRoundRobin: PartitionAssigner = (config) => {
  const assigner = PartitionAssigners.roundRobin(config);
  return {
    ...assigner,
    name: 'roundrobin',
    protocol: (subscription) => ({ ...assigner.protocol(subscription), name: 'roundrobin' }),
  };
};

type Tracked = { partitions: number[] };

function trackKafkaJs(consumer: KafkaJsConsumer): Tracked {
  const state: Tracked = { partitions: [] };
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    state.partitions = [...(e.payload.memberAssignment.tasks ?? [])].sort();
  });
  return state;
}

async function sdkMember(port: number): Promise<Tracked> {
  const consumer = new Client({ clientId: 'sdk', brokers: [`127.0.0.1:${port}`], logLevel: 'nothing' }).consumer({
    groupId: 'mixed',
    partitionAssigners: [Assignors.roundRobin],
    sessionTimeout: 6000,
    heartbeatInterval: 50,
    maxWaitTimeInMs: 100,
  });
  sdkConsumers.push(consumer);
  const state: Tracked = { partitions: [] };
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    state.partitions = [...(e.payload.memberAssignment.tasks ?? [])].sort();
  });
  await consumer.connect();
  await consumer.subscribe({ topics: ['tasks'], fromBeginning: true });
  await consumer.run({ eachMessage: () => Promise.resolve() });
  return state;
}

const split = (members: Tracked[], each: number) =>
  members.every((m) => m.partitions.length === each) &&
  new Set(members.flatMap((m) => m.partitions)).size === members.length * each;

describe('a group mixing KafkaJS and SDK members', () => {
  it('shares partitions whichever client leads', async () => {
    const b = await fixtures.broker();
    const admin = await clients(b.port).admin();
    await admin.createTopics({ topics: [{ topic: 'tasks', numPartitions: 4 }] });

    // The SDK member joins first and leads: it reads KafkaJS's subscription and assigns to it.
    const sdk = await sdkMember(b.port);
    await pollUntil(() => sdk.partitions.length === 4);
    const kafkajs = await clients(b.port).consumer('mixed', { partitionAssigners: [kafkaRoundRobin] });
    const kafkajsState = trackKafkaJs(kafkajs);
    await kafkajs.subscribe({ topic: 'tasks', fromBeginning: true });
    await kafkajs.run({ eachMessage: () => Promise.resolve() });
    await pollUntil(() => split([sdk, kafkajsState], 2), 8000);

    // The SDK member leaves: KafkaJS, alone, leads and takes everything.
    await sdkConsumers.shift()!.disconnect();
    await pollUntil(() => kafkajsState.partitions.length === 4, 8000);

    // A new SDK member joins a group KafkaJS leads: KafkaJS reads our subscription and assigns to it.
    const second = await sdkMember(b.port);
    await pollUntil(() => split([second, kafkajsState], 2), 8000);
  });
});
