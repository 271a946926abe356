// The producer's batch memory over a real socket. Batches are written into 1 MiB slabs that are
// used again once their batches were answered or given up and no socket write still reads them
// (protocol/batch-slabs.ts). Reused too early, one batch's bytes would go out in another's place:
// these tests produce enough to cycle slabs many times, through retried, lost and unanswered
// (acks=0) requests, then read everything back and check each record against its key.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, ErrorCode, type Producer } from '../../client-sdk/index.js';
import { batchSlabStats } from '../../protocol/batch-slabs.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';

let broker: TestBroker | undefined;
const producers: Producer[] = [];
afterEach(async () => {
  for (const p of producers.splice(0)) await p.disconnect().catch(() => undefined);
  await broker?.close();
  broker = undefined;
});

const PARTITIONS = 4;
const SENDS = 120;
const PER_SEND = 250;
const IN_FLIGHT = 4;

/** Each record's value is a function of its key, so a record with another batch's bytes shows. */
const valueOf = (key: string) => `${key}:`.padEnd(180, key.slice(-1));

async function connectProducer(clientId: string): Promise<Producer> {
  const client = new Client({
    clientId,
    brokers: broker!.brokers,
    logLevel: 'nothing',
    retry: { retries: 8, initialRetryTime: 150 },
  });
  const producer = client.producer({ lingerMs: 0 });
  await producer.connect();
  producers.push(producer);
  return producer;
}

/** SENDS sends of PER_SEND records, IN_FLIGHT at a time; `beforeSend(i)` may inject a fault. */
async function produceAll(p: Producer, topic: string, acks: number, beforeSend: (i: number) => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < SENDS) {
      const i = next++;
      beforeSend(i);
      const messages = Array.from({ length: PER_SEND }, (_, r) => {
        const key = `s${i}-r${r}`;
        return { key, value: valueOf(key) };
      });
      await p.send({ topic, acks, messages });
    }
  };
  await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
}

/** Every stored record, checked against its key; resolves with the distinct keys. */
async function readBack(topic: string): Promise<Set<string>> {
  const admin = new Client({ clientId: 'slabs-admin', brokers: broker!.brokers, logLevel: 'nothing' }).admin();
  await admin.connect();
  const offsets = await admin.fetchTopicOffsets(topic);
  await admin.disconnect();
  const stored = offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
  const records = await broker!.consumeN(topic, stored);
  const keys = new Set<string>();
  for (const record of records) {
    const key = record.key!.toString();
    expect(record.value!.toString(), `record ${record.partition}/${record.offset}`).toBe(valueOf(key));
    keys.add(key);
  }
  return keys;
}

describe('producer batch memory is reused only once nothing reads it', () => {
  it('retried and lost requests: every record stored intact', async () => {
    broker = await startTestBroker();
    await broker.createTopic('slabs-retries', PARTITIONS);
    await broker.createTopic('slabs-meanwhile', PARTITIONS);
    const [faulty, other] = [await connectProducer('slabs'), await connectProducer('slabs-other')];
    const reusedBefore = batchSlabStats().slabsReused;
    await Promise.all([
      produceAll(faulty, 'slabs-retries', 1, (i) => {
        if (i % 30 === 10)
          broker!.faults.failNext({ api: 'Produce', errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, clientId: 'slabs' });
        // Handled but never answered: the connection is cut and the batches are sent again.
        if (i % 30 === 20) broker!.faults.dropResponses({ api: 'Produce', clientId: 'slabs' });
      }),
      // Another producer in the process writes batches while the first waits out its backoffs:
      // memory given back too early would be overwritten before the retry sends it.
      produceAll(other, 'slabs-meanwhile', 1, () => {}),
    ]);
    expect((await readBack('slabs-retries')).size).toBe(SENDS * PER_SEND);
    expect((await readBack('slabs-meanwhile')).size).toBe(SENDS * PER_SEND);
    expect(batchSlabStats().slabsReused - reusedBefore).toBeGreaterThan(3);
  });

  it('acks=0, nothing answered: every record stored intact', async () => {
    broker = await startTestBroker();
    await broker.createTopic('slabs-acks0', PARTITIONS);
    const p = await connectProducer('slabs');
    const reusedBefore = batchSlabStats().slabsReused;
    await produceAll(p, 'slabs-acks0', 0, () => {});
    // Requests on one connection are handled in order: once this is answered, all were stored.
    await p.send({ topic: 'slabs-acks0', acks: 1, messages: [{ key: 'last', value: valueOf('last') }] });
    expect((await readBack('slabs-acks0')).size).toBe(SENDS * PER_SEND + 1);
    expect(batchSlabStats().slabsReused - reusedBefore).toBeGreaterThan(3);
  });
});
