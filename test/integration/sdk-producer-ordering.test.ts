// Producer ordering over a real socket: a retried batch goes out before any later batch of its
// partition. The first Produce fails with a retriable error (the testing kit's fault injection),
// or is lost and times out, while later sends for the same partition are queued; the stored
// order must equal the send order.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, ErrorCode, type Admin, type Producer } from '../../client-sdk/index.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';
import { readRecords } from '../../testing/read-records.js';
import { startTestBroker as startServer } from '../helpers/broker.js';

let broker: TestBroker | undefined;
let producer: Producer | undefined;
let closeServer: (() => Promise<void>) | undefined;
const admins: Admin[] = [];
afterEach(async () => {
  await producer?.disconnect().catch(() => undefined);
  producer = undefined;
  for (const admin of admins.splice(0)) await admin.disconnect();
  await broker?.close();
  broker = undefined;
  await closeServer?.();
  closeServer = undefined;
});

async function adminFor(brokers: string[]): Promise<Admin> {
  const admin = new Client({ clientId: 'ordering-admin', brokers, logLevel: 'nothing' }).admin();
  await admin.connect();
  admins.push(admin);
  return admin;
}

const SENDS = 10;
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

async function connectProducer(): Promise<Producer> {
  const client = new Client({
    clientId: 'ordering',
    brokers: broker!.brokers,
    logLevel: 'nothing',
    retry: { retries: 5, initialRetryTime: 30 },
  });
  producer = client.producer({ lingerMs: 0 });
  await producer.connect();
  return producer;
}

/** SENDS sends to partition 0, one per event-loop turn (so each is its own batch and flush). */
async function sendInTurns(p: Producer, topic: string): Promise<void> {
  const sends: Promise<unknown>[] = [];
  for (let i = 0; i < SENDS; i++) {
    sends.push(p.send({ topic, messages: [{ value: `m${i}`, partition: 0 }] }));
    await nextTurn();
  }
  await Promise.all(sends);
}

describe('producer: retries never reorder a partition', () => {
  it('the first Produce fails with a retriable error: it is retried before the later sends, stored in send order', async () => {
    broker = await startTestBroker();
    await broker.createTopic('order-fail', 1);
    const p = await connectProducer();
    broker.faults.failNext({ api: 'Produce', errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, clientId: 'ordering' });
    await sendInTurns(p, 'order-fail');
    const stored = await broker.consumeN('order-fail', SENDS);
    expect(stored.map((m) => m.value?.toString())).toEqual(Array.from({ length: SENDS }, (_, i) => `m${i}`));
  });

  it('the first Produce is lost (no answer, the request times out): it is sent again before the later sends', async () => {
    // A dropped request: the broker never handles it and never answers (the kit only fails or delays).
    let dropped = false;
    const server = await startServer({
      requestInterceptor: async (call, next) => {
        if (call.api !== 'Produce' || call.connection.clientId !== 'ordering' || dropped) return next();
        dropped = true;
        return undefined;
      },
    });
    closeServer = () => server.close();
    const client = new Client({
      clientId: 'ordering',
      brokers: server.brokers,
      logLevel: 'nothing',
      retry: { retries: 5, initialRetryTime: 30 },
      requestTimeout: 500,
    });
    producer = client.producer({ lingerMs: 0 });
    await producer.connect();
    await (await adminFor(server.brokers)).createTopics({ topics: [{ topic: 'order-lost', numPartitions: 1 }] });
    await sendInTurns(producer, 'order-lost');
    expect(dropped).toBe(true);
    const stored = readRecords(server.services, 'order-lost', SENDS * 2).map((m) => m.value!.toString());
    // A request slowed past the timeout on a loaded machine is stored twice (no idempotence yet): compare first occurrences.
    expect(stored.filter((value, i) => stored.indexOf(value) === i)).toEqual(
      Array.from({ length: SENDS }, (_, i) => `m${i}`),
    );
  });
});
