// KafkaJS transactions against minibroker: FindCoordinator for a transactional id,
// InitProducerId, AddPartitionsToTxn, EndTxn, and sendOffsets (AddOffsetsToTxn +
// TxnOffsetCommit), read back by KafkaJS read_committed consumers.
import type { Consumer, EachMessagePayload, Kafka } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { useKafkaJs } from '../../helpers/kafkajs.js';
import { pollUntil } from '../../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const clients = useKafkaJs();

async function transactionalProducer(kafka: Kafka, transactionalId: string) {
  const producer = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  return producer;
}

async function readAll(consumer: Consumer, topic: string) {
  await consumer.subscribe({ topic, fromBeginning: true });
  const values: string[] = [];
  await consumer.run({ eachMessage: async ({ message }) => void values.push(message.value!.toString()) });
  return values;
}

describe('KafkaJS transactions', () => {
  it('shows committed transactions to a read_committed consumer and hides aborted ones', async () => {
    const b = await fixtures.broker();
    const { kafka, admin, consumer } = clients(b.port);
    await (await admin()).createTopics({ topics: [{ topic: 'payments', numPartitions: 2 }] });
    const producer = await transactionalProducer(kafka, 'payments-writer');
    try {
      const aborted = await producer.transaction();
      await aborted.send({ topic: 'payments', messages: [{ value: 'aborted', partition: 0 }] });
      await aborted.abort();
      const committed = await producer.transaction();
      await committed.send({
        topic: 'payments',
        messages: [
          { value: 'committed-0', partition: 0 },
          { value: 'committed-1', partition: 1 },
        ],
      });
      await committed.commit();
    } finally {
      await producer.disconnect();
    }

    const values = await readAll(await consumer('auditors'), 'payments');
    await pollUntil(() => values.length >= 2);
    // A trailing record: a consumer that wrongly delivered the aborted one would have done so by now.
    const plain = await clients(b.port).producer();
    await plain.send({ topic: 'payments', messages: [{ value: 'plain', partition: 0 }] });
    await pollUntil(() => values.length >= 3);
    expect(values.sort()).toEqual(['committed-0', 'committed-1', 'plain']);
  });

  it('runs a consume-transform-produce loop whose offsets commit with its output', async () => {
    const b = await fixtures.broker();
    const { kafka, admin, producer, consumer } = clients(b.port);
    const a = await admin();
    await a.createTopics({ topics: [{ topic: 'words' }, { topic: 'shouts' }] });
    await (await producer()).send({ topic: 'words', messages: ['a', 'b', 'c', 'd'].map((value) => ({ value })) });

    const writer = await transactionalProducer(kafka, 'shouter');
    const transformer = await consumer('shouters');
    await transformer.subscribe({ topic: 'words', fromBeginning: true });
    let handled = 0;
    try {
      await transformer.run({
        autoCommit: false,
        eachMessage: async ({ topic, partition, message }: EachMessagePayload) => {
          const txn = await writer.transaction();
          await txn.send({ topic: 'shouts', messages: [{ value: message.value!.toString().toUpperCase() }] });
          await txn.sendOffsets({
            consumerGroupId: 'shouters',
            topics: [{ topic, partitions: [{ partition, offset: String(Number(message.offset) + 1) }] }],
          });
          // 'c' is aborted: neither its output nor its offset may survive.
          if (message.value!.toString() === 'c') await txn.abort();
          else await txn.commit();
          handled++;
        },
      });
      await pollUntil(() => handled >= 4);
    } finally {
      await transformer.stop();
      await writer.disconnect();
    }

    const shouts = await readAll(await consumer('readers'), 'shouts');
    await pollUntil(() => shouts.length >= 3);
    expect(shouts).toEqual(['A', 'B', 'D']);
    const offsets = await a.fetchOffsets({ groupId: 'shouters', topics: ['words'] });
    expect(offsets[0]!.partitions).toEqual([expect.objectContaining({ partition: 0, offset: '4' })]);
  });

  it('fences the older producer when a second one takes the same transactional id', async () => {
    const b = await fixtures.broker();
    const { kafka, admin } = clients(b.port);
    await (await admin()).createTopics({ topics: [{ topic: 'ledger' }] });
    const first = await transactionalProducer(kafka, 'ledger-writer');
    const second = await transactionalProducer(kafka, 'ledger-writer');
    try {
      // KafkaJS asks for its producer id at its first transaction: the second one's comes later.
      const stale = await first.transaction();
      const current = await second.transaction();
      await expect(stale.send({ topic: 'ledger', messages: [{ value: 'stale' }] })).rejects.toThrow(/epoch/i);
      await current.send({ topic: 'ledger', messages: [{ value: 'current' }] });
      await current.commit();
    } finally {
      await first.disconnect();
      await second.disconnect();
    }
    expect(b.services.topics.get('ledger')!.partitions[0]!.logEndOffset).toBe(2); // the record and its marker
  });
});
