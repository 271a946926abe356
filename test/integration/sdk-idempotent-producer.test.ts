// The SDK's idempotent producer over a real socket: a Produce whose response is lost (the
// testing kit handles it, then cuts the connection) is retried and stored once; the same fault
// makes a plain producer store the batch twice, which is what idempotence is for.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, MinibrokerInvalidArgumentError, type Producer } from '../../client-sdk/index.js';
import { ErrorCode } from '../../protocol/errors.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';

let broker: TestBroker;
const producers: Producer[] = [];
beforeAll(async () => {
  broker = await startTestBroker();
});
afterEach(async () => {
  for (const p of producers.splice(0)) await p.disconnect();
  await broker.reset();
});
afterAll(() => broker.close());

async function producer(clientId: string, config: Parameters<Client['producer']>[0]): Promise<Producer> {
  const client = new Client({
    clientId,
    brokers: broker.brokers,
    logLevel: 'nothing',
    retry: { retries: 5, initialRetryTime: 10 },
  });
  const p = client.producer(config);
  producers.push(p);
  await p.connect();
  return p;
}

const values = async (topic: string, n: number) => (await broker.consumeN(topic, n)).map((m) => m.value!.toString());

describe('an idempotent producer', () => {
  it('says so', async () => {
    expect((await producer('p1', { idempotent: true })).isIdempotent()).toBe(true);
    expect((await producer('p2', {})).isIdempotent()).toBe(false);
  });

  it('stores a batch once when the response to its Produce is lost and the SDK retries it', async () => {
    await broker.createTopic('once', 1);
    const p = await producer('idem', { idempotent: true });
    await p.send({ topic: 'once', messages: [{ value: 'warm-up' }] });
    broker.faults.dropResponses({ api: 'Produce', clientId: 'idem' });
    const [sent] = await p.send({ topic: 'once', messages: [{ value: 'a' }, { value: 'b' }] });
    expect(sent!.baseOffset).toBe('1');
    await p.send({ topic: 'once', messages: [{ value: 'c' }] });
    expect(await values('once', 4)).toEqual(['warm-up', 'a', 'b', 'c']);
  });

  it('(the same fault duplicates the batch of a plain producer)', async () => {
    await broker.createTopic('twice', 1);
    const p = await producer('plain', {});
    await p.send({ topic: 'twice', messages: [{ value: 'warm-up' }] });
    broker.faults.dropResponses({ api: 'Produce', clientId: 'plain' });
    await p.send({ topic: 'twice', messages: [{ value: 'a' }] });
    expect(await values('twice', 3)).toEqual(['warm-up', 'a', 'a']);
  });

  it('keeps order and exactly-once across many lost responses on several partitions', async () => {
    await broker.createTopic('many', 3);
    const p = await producer('idem-many', { idempotent: true });
    broker.faults.dropResponses({ api: 'Produce', clientId: 'idem-many', times: 5 });
    const sends = Array.from({ length: 30 }, (_, i) =>
      p.send({ topic: 'many', messages: [{ key: `k${i % 3}`, value: String(i) }] }),
    );
    await Promise.all(sends);
    const records = await broker.consumeN('many', 30);
    expect(records).toHaveLength(30);
    const byPartition = new Map<number, number[]>();
    for (const r of records) byPartition.set(r.partition, [...(byPartition.get(r.partition) ?? []), Number(r.value)]);
    for (const list of byPartition.values()) expect(list).toEqual([...list].sort((a, b) => a - b));
    expect(new Set(records.map((r) => r.value!.toString())).size).toBe(30);
  });

  it('gives up a batch the broker refuses, takes a new producer id and goes on', async () => {
    await broker.createTopic('refused', 1);
    const p = await producer('idem-refused', { idempotent: true });
    broker.faults.failNext({
      api: 'Produce',
      errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      clientId: 'idem-refused',
    });
    await expect(p.send({ topic: 'refused', messages: [{ value: 'lost' }] })).rejects.toMatchObject({
      type: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    });
    await p.send({ topic: 'refused', messages: [{ value: 'next' }] });
    expect(await values('refused', 1)).toEqual(['next']);
  });

  it('numbers again the batches queued behind one it gave up, so they are not refused as a gap', async () => {
    await broker.createTopic('queued', 1);
    const p = await producer('idem-queued', { idempotent: true });
    await p.send({ topic: 'queued', messages: [{ value: 'warm-up' }] }); // metadata known: sends queue at once
    broker.faults.failNext({
      api: 'Produce',
      errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      clientId: 'idem-queued',
    });
    // The refusal is held back, so the next two sends queue behind the refused batch, numbered after it.
    const undelay = broker.faults.delayResponses({ api: 'Produce', ms: 200, clientId: 'idem-queued' });
    const first = p.send({ topic: 'queued', messages: [{ value: 'lost' }] });
    await new Promise((resolve) => setImmediate(resolve));
    const second = p.send({ topic: 'queued', messages: [{ value: 'second' }] });
    await new Promise((resolve) => setImmediate(resolve));
    const third = p.send({ topic: 'queued', messages: [{ value: 'third' }] });
    await expect(first).rejects.toMatchObject({ type: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    undelay();
    await Promise.all([second, third]);
    expect(await values('queued', 3)).toEqual(['warm-up', 'second', 'third']);
  });

  it('needs acks -1', async () => {
    const client = new Client({ brokers: broker.brokers, logLevel: 'nothing' });
    expect(() => client.producer({ idempotent: true, acks: 1 })).toThrow(MinibrokerInvalidArgumentError);
    const p = await producer('idem-acks', { idempotent: true });
    await expect(p.send({ topic: 'x', acks: 1, messages: [{ value: 'v' }] })).rejects.toThrow(
      MinibrokerInvalidArgumentError,
    );
  });
});
