// KafkaJS's idempotent producer against minibroker: InitProducerId over the Kafka protocol, then
// produces whose batches carry the producer id, epoch and sequences the native checks track.
import { describe, expect, it } from 'vitest';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { useKafkaJs } from '../../helpers/kafkajs.js';
import { pollUntil } from '../../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const clients = useKafkaJs();

describe('KafkaJS idempotent producer', () => {
  it('gets a producer id and produces with sequences the broker checks', async () => {
    const b = await fixtures.broker();
    const { kafka, admin, consumer } = clients(b.port);
    await (await admin()).createTopics({ topics: [{ topic: 'orders' }] });
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    try {
      await producer.send({ topic: 'orders', messages: [{ value: 'a' }, { value: 'b' }] });
      await producer.send({ topic: 'orders', messages: [{ value: 'c' }] });
    } finally {
      await producer.disconnect();
    }

    const log = b.services.topics.get('orders')!.partitions[0]!;
    const states = [...log.producers.values()];
    expect(states).toHaveLength(1);
    expect(states[0]!.producerId).toBeGreaterThanOrEqual(0);
    expect(states[0]!.epoch).toBe(0);
    // Two batches, sequences 0-1 and 2: the next one the broker expects is 3.
    expect(states[0]!.batches.at(-1)).toMatchObject({ firstSequence: 2, lastSequence: 2 });

    const c = await consumer('order-readers');
    await c.subscribe({ topic: 'orders', fromBeginning: true });
    const values: string[] = [];
    await c.run({ eachMessage: async ({ message }) => void values.push(message.value!.toString()) });
    await pollUntil(() => values.length >= 3);
    expect(values).toEqual(['a', 'b', 'c']);
  });
});
