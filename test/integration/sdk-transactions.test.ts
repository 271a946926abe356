// The SDK's transactional producer (KafkaJS-shaped) against a real broker: commit and abort as
// read_committed and read_uncommitted consumers see them, sendOffsets committing a group's offsets
// with the transaction, zombie fencing, and the API's guards.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, MinibrokerInvalidArgumentError, type Consumer, type Producer } from '../../client-sdk/index.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';
import { pollUntil } from '../helpers/poll-until.js';

let broker: TestBroker;
const closers: (() => Promise<void>)[] = [];
beforeAll(async () => {
  broker = await startTestBroker();
});
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
  await broker.reset();
});
afterAll(() => broker.close());

const client = (clientId = 'txn-test') =>
  new Client({ clientId, brokers: broker.brokers, logLevel: 'nothing', retry: { retries: 5, initialRetryTime: 10 } });

async function producer(transactionalId: string): Promise<Producer> {
  const p = client().producer({ transactionalId, maxInFlightRequests: 1, idempotent: true });
  closers.push(() => p.disconnect());
  await p.connect();
  return p;
}

/** Values a consumer reads from the topic (from the beginning) until `count` arrived. */
async function consume(topic: string, count: number, readUncommitted: boolean, groupId: string): Promise<string[]> {
  const c: Consumer = client(groupId).consumer({ groupId, readUncommitted, maxWaitTimeInMs: 50 });
  closers.push(() => c.disconnect());
  await c.connect();
  await c.subscribe({ topic, fromBeginning: true });
  const values: string[] = [];
  await c.run({
    eachMessage: ({ message }) => {
      values.push(message.value!.toString());
      return Promise.resolve();
    },
  });
  await pollUntil(() => values.length >= count);
  return values;
}

describe('a transactional producer', () => {
  it('is idempotent and refuses sends outside a transaction', async () => {
    const p = await producer('guards');
    expect(p.isIdempotent()).toBe(true);
    await expect(p.send({ topic: 'x', messages: [{ value: 'v' }] })).rejects.toThrow(MinibrokerInvalidArgumentError);
    const txn = await p.transaction();
    await expect(p.transaction()).rejects.toThrow(MinibrokerInvalidArgumentError);
    expect(txn.isActive()).toBe(true);
    await txn.commit(); // nothing sent: nothing to end
    expect(txn.isActive()).toBe(false);
    await expect(txn.send({ topic: 'x', messages: [{ value: 'v' }] })).rejects.toThrow(/no longer active/);
  });

  it('commits: read_committed consumers see the records once committed; aborted ones never', async () => {
    await broker.createTopic('orders', 2);
    const p = await producer('orders-tx');
    const aborted = await p.transaction();
    await aborted.send({
      topic: 'orders',
      messages: [
        { key: 'a', value: 'aborted-1' },
        { key: 'b', value: 'aborted-2' },
      ],
    });
    await aborted.abort();
    const txn = await p.transaction();
    await txn.send({ topic: 'orders', messages: [{ key: 'a', value: 'one' }] });
    await txn.sendBatch({ topicMessages: [{ topic: 'orders', messages: [{ key: 'b', value: 'two' }] }] });
    await txn.commit();

    expect((await consume('orders', 2, false, 'committed')).sort()).toEqual(['one', 'two']);
    expect((await consume('orders', 4, true, 'uncommitted')).sort()).toEqual(['aborted-1', 'aborted-2', 'one', 'two']);
  });

  it('commits the offsets sent with sendOffsets together with the records', async () => {
    await broker.createTopic('in', 1);
    await broker.createTopic('out', 1);
    await broker.produce('in', [{ value: '1' }, { value: '2' }]);
    const p = await producer('offsets-tx');
    const admin = client().admin();
    closers.push(() => admin.disconnect());
    await admin.connect();
    const committed = async () =>
      (await admin.fetchOffsets({ groupId: 'g', topics: ['in'] }))[0]!.partitions[0]!.offset;

    const aborted = await p.transaction();
    await aborted.send({ topic: 'out', messages: [{ value: 'x' }] });
    await aborted.sendOffsets({
      consumerGroupId: 'g',
      topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '1' }] }],
    });
    await aborted.abort();
    expect(await committed()).toBe('-1');

    const txn = await p.transaction();
    await txn.send({ topic: 'out', messages: [{ value: 'y' }] });
    await txn.sendOffsets({
      consumerGroupId: 'g',
      topics: [{ topic: 'in', partitions: [{ partition: 0, offset: '2' }] }],
    });
    await txn.commit();
    expect(await committed()).toBe('2');
  });

  it('is fenced once a new producer with the same transactionalId connects', async () => {
    await broker.createTopic('fenced', 1);
    const zombie = await producer('same-id');
    const txn = await zombie.transaction();
    await txn.send({ topic: 'fenced', messages: [{ value: 'zombie' }] });
    const fresh = await producer('same-id');
    await expect(txn.commit()).rejects.toMatchObject({ type: 'PRODUCER_FENCED' });

    const next = await fresh.transaction();
    await next.send({ topic: 'fenced', messages: [{ value: 'fresh' }] });
    await next.commit();
    expect(await consume('fenced', 1, false, 'fence-check')).toEqual(['fresh']);
  });
});
