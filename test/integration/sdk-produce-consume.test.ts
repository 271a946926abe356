// The SDK against a real broker on port 0: produce, then consume with assign().
import { describe, expect, it } from 'vitest';
import { partitionForKey, type Consumer, type EachMessagePayload } from '../../client-sdk/index.js';
import { setup } from '../helpers/sdk.js';

/** Runs eachMessage and resolves with the first `count` messages received. */
async function receive(consumer: Consumer, count: number): Promise<EachMessagePayload[]> {
  const received: EachMessagePayload[] = [];
  let done!: () => void;
  const all = new Promise<void>((resolve) => (done = resolve));
  await consumer.run({
    eachMessage: async (payload) => {
      received.push(payload);
      if (received.length === count) done();
    },
  });
  await all;
  return received;
}

const byPartition = (messages: EachMessagePayload[]) => {
  const out = new Map<number, EachMessagePayload[]>();
  for (const m of messages) out.set(m.partition, [...(out.get(m.partition) ?? []), m]);
  return out;
};

describe('SDK produce and consume', () => {
  it('keeps per-partition order, keys, values, headers and timestamps', async () => {
    const sdk = await setup();
    const admin = await sdk.admin();
    await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3 }] });
    const producer = await sdk.producer();
    const sent = Array.from({ length: 60 }, (_, i) => ({
      key: `k${i % 7}`,
      value: Buffer.from(`value-${i}`),
      headers: { seq: String(i), multi: ['a', Buffer.from('b')] },
      timestamp: String(1_700_000_000_000 + i),
    }));
    const results = await producer.send({ topic: 'orders', messages: sent });
    expect(results.map((r) => r.partition).sort()).toEqual([0, 1, 2]);
    for (const r of results)
      expect(r).toMatchObject({ topicName: 'orders', topic: 'orders', errorCode: 0, baseOffset: '0' });

    const consumer = await sdk.consumer();
    consumer.assign([0, 1, 2].map((partition) => ({ topic: 'orders', partition })));
    const received = await receive(consumer, 60);
    for (const [partition, list] of byPartition(received)) {
      expect(list.map((m) => m.message.offset)).toEqual(list.map((_, i) => String(i)));
      const expected = sent.filter((m) => partitionForKey(m.key, 3) === partition);
      expect(list.map((m) => m.message.value!.toString())).toEqual(expected.map((m) => m.value.toString()));
      expect(list.map((m) => m.message.key!.toString())).toEqual(expected.map((m) => m.key));
      expect(list.map((m) => m.message.timestamp)).toEqual(expected.map((m) => m.timestamp));
      for (const m of list) {
        const i = Number(m.message.value!.toString().slice('value-'.length));
        expect(m.topic).toBe('orders');
        expect(m.message.headers.seq!.toString()).toBe(String(i));
        expect((m.message.headers.multi as Buffer[]).map(String)).toEqual(['a', 'b']);
      }
    }
  });

  it("puts keyed records on the partition Kafka would pick, and reports each send's base offset", async () => {
    const sdk = await setup();
    await (await sdk.admin()).createTopics({ topics: [{ topic: 'keyed', numPartitions: 6 }] });
    const producer = await sdk.producer();
    const keys = ['21', 'foobar', 'a-little-bit-long-string', 'abc', '0', '1', '100:48069'];
    const expectedPartitions = [0, 0, 2, 3, 2, 3, 3];
    for (const [i, key] of keys.entries()) {
      const [result] = await producer.send({ topic: 'keyed', messages: [{ key, value: key }] });
      expect(result!.partition).toBe(expectedPartitions[i]);
    }
    const again = await producer.send({ topic: 'keyed', messages: [{ key: 'abc', value: 'second' }] });
    expect(again).toEqual([expect.objectContaining({ partition: 3, baseOffset: '3' })]);
  });

  it('spreads unkeyed records, honours explicit partitions and batches concurrent sends', async () => {
    const sdk = await setup();
    await (await sdk.admin()).createTopics({ topics: [{ topic: 'spread', numPartitions: 4 }] });
    const producer = await sdk.producer({ batchSize: 1024 });
    const value = Buffer.alloc(100, 1);
    const results = await Promise.all(
      Array.from({ length: 20 }, () =>
        producer.send({ topic: 'spread', messages: Array.from({ length: 20 }, () => ({ value })) }),
      ),
    );
    const used = new Set(results.flat().map((r) => r.partition));
    expect(used.size).toBeGreaterThan(1);
    const [explicit] = await producer.send({
      topic: 'spread',
      messages: [{ value: 'x', partition: 3, key: 'ignored-for-partitioning' }],
    });
    expect(explicit!.partition).toBe(3);
    const offsets = await (await sdk.admin()).fetchTopicOffsets('spread');
    expect(offsets.reduce((sum, o) => sum + Number(o.high), 0)).toBe(401);
  });

  it('writes and reads several topics, from one sendBatch', async () => {
    const sdk = await setup({ defaultPartitions: 2 });
    const producer = await sdk.producer();
    const results = await producer.sendBatch({
      topicMessages: [
        {
          topic: 'alpha',
          messages: [
            { value: 'a1', partition: 0 },
            { value: 'a2', partition: 0 },
          ],
        },
        { topic: 'beta', messages: [{ value: 'b1', partition: 1 }] },
      ],
    });
    expect(results.map((r) => [r.topic, r.partition, r.baseOffset])).toEqual([
      ['alpha', 0, '0'],
      ['beta', 1, '0'],
    ]);
    const consumer = await sdk.consumer();
    consumer.assign([
      { topic: 'alpha', partition: 0 },
      { topic: 'beta', partition: 1, offset: '0' },
    ]);
    const received = await receive(consumer, 3);
    expect(received.map((m) => `${m.topic}:${m.message.value}`).sort()).toEqual(['alpha:a1', 'alpha:a2', 'beta:b1']);
  });

  it('stores records with acks 0, 1 and -1 and null values as tombstones', async () => {
    const sdk = await setup();
    const producer = await sdk.producer();
    const one = await producer.send({ topic: 'acks', messages: [{ key: 'k', value: 'one' }], acks: 1 });
    const all = await producer.send({ topic: 'acks', messages: [{ key: 'k', value: null }], acks: -1 });
    const none = await producer.send({ topic: 'acks', messages: [{ key: 'k', value: 'zero' }], acks: 0 });
    expect([one[0]!.baseOffset, all[0]!.baseOffset, none[0]!.baseOffset]).toEqual(['0', '1', '-1']);
    const consumer = await sdk.consumer();
    consumer.assign([{ topic: 'acks', partition: 0, offset: 0 }]);
    const received = await receive(consumer, 3);
    expect(received.map((m) => m.message.value?.toString() ?? null)).toEqual(['one', null, 'zero']);
  });

  it('long-polls: a waiting consumer gets a record produced after it started', async () => {
    const sdk = await setup();
    await (await sdk.admin()).createTopics({ topics: [{ topic: 'poll', numPartitions: 1 }] });
    const consumer = await sdk.consumer({ maxWaitTimeInMs: 10_000 });
    consumer.assign([{ topic: 'poll', partition: 0, offset: 'latest' }]);
    const fetching = new Promise<void>((resolve) => consumer.on('consumer.fetch_start', () => resolve()));
    // Batches brought by each Fetch, in order. Long-polling, the Fetch parked before the send
    // brings the record itself: no empty Fetch comes back before it (one would at maxWait).
    const fetched: number[] = [];
    consumer.on<{ numberOfBatches: number }>('consumer.fetch', (event) => fetched.push(event.payload.numberOfBatches));
    const first = receive(consumer, 1);
    await fetching;
    const producer = await sdk.producer();
    await producer.send({ topic: 'poll', messages: [{ value: 'wake up' }] });
    const [message] = await first;
    expect(message!.message.value!.toString()).toBe('wake up');
    expect(fetched[0]).toBeGreaterThan(0);
  });

  it('starts at latest when asked, and at earliest by default', async () => {
    const sdk = await setup();
    const producer = await sdk.producer();
    await producer.send({ topic: 'starts', messages: [{ value: 'old' }] });
    const latest = await sdk.consumer();
    latest.assign([{ topic: 'starts', partition: 0 }], { fromBeginning: false });
    const fromLatest = receive(latest, 1);
    const earliest = await sdk.consumer();
    earliest.assign([{ topic: 'starts', partition: 0 }]);
    const fromEarliest = await receive(earliest, 1);
    expect(fromEarliest[0]!.message.value!.toString()).toBe('old');
    await producer.send({ topic: 'starts', messages: [{ value: 'new' }] });
    expect((await fromLatest)[0]!.message.value!.toString()).toBe('new');
  });

  it('seeks back and reads again from the new offset', async () => {
    const sdk = await setup();
    const producer = await sdk.producer();
    await producer.send({ topic: 'seek', messages: Array.from({ length: 10 }, (_, i) => ({ value: String(i) })) });
    const consumer = await sdk.consumer();
    consumer.assign([{ topic: 'seek', partition: 0 }]);
    const seen: string[] = [];
    let target = 10;
    let done!: () => void;
    let reached = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(message.offset);
        if (seen.length === target) done();
      },
    });
    await reached;
    target = 17;
    reached = new Promise<void>((resolve) => (done = resolve));
    consumer.seek({ topic: 'seek', partition: 0, offset: '3' });
    await reached;
    expect(seen).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '3', '4', '5', '6', '7', '8', '9']);
  });

  it('pauses and resumes partitions', async () => {
    const sdk = await setup();
    await (await sdk.admin()).createTopics({ topics: [{ topic: 'paused', numPartitions: 2 }] });
    const producer = await sdk.producer();
    const consumer = await sdk.consumer();
    consumer.assign([
      { topic: 'paused', partition: 0 },
      { topic: 'paused', partition: 1 },
    ]);
    consumer.pause([{ topic: 'paused', partitions: [0] }]);
    expect(consumer.paused()).toEqual([{ topic: 'paused', partitions: [0] }]);
    const received: EachMessagePayload[] = [];
    const waiters: [number, () => void][] = [];
    await consumer.run({
      eachMessage: async (payload) => {
        received.push(payload);
        for (const [count, resolve] of waiters) if (received.length >= count) resolve();
      },
    });
    const until = (count: number) =>
      new Promise<void>((resolve) => (received.length >= count ? resolve() : waiters.push([count, resolve])));
    await producer.send({
      topic: 'paused',
      messages: [
        { value: 'p0', partition: 0 },
        { value: 'p1', partition: 1 },
      ],
    });
    await until(1);
    // One more complete fetch: partition 0's record would have come with it were it not paused.
    await new Promise<void>((resolve) => {
      const remove = consumer.on('consumer.fetch', () => (remove(), resolve()));
    });
    expect(received.map((m) => m.message.value!.toString())).toEqual(['p1']);
    consumer.resume([{ topic: 'paused', partitions: [0] }]);
    expect(consumer.paused()).toEqual([]);
    await until(2);
    expect(received.map((m) => m.message.value!.toString())).toEqual(['p1', 'p0']);
  });

  it('pauses from inside eachMessage and resumes with the returned function', async () => {
    const sdk = await setup();
    const producer = await sdk.producer();
    await producer.send({ topic: 'self-pause', messages: ['a', 'b', 'c'].map((value) => ({ value })) });
    const consumer = await sdk.consumer();
    consumer.assign([{ topic: 'self-pause', partition: 0 }]);
    const seen: string[] = [];
    let resume: (() => void) | undefined;
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ message, pause }) => {
        seen.push(message.value!.toString());
        if (seen.length === 1) resume = pause();
        if (seen.length === 3) done();
      },
    });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => resume && (clearInterval(check), resolve()), 2);
    });
    expect(consumer.paused()).toEqual([{ topic: 'self-pause', partitions: [0] }]);
    expect(seen).toEqual(['a']);
    resume!();
    await finished;
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('hands whole batches to eachBatch with offsets and watermark', async () => {
    const sdk = await setup();
    const producer = await sdk.producer();
    await producer.send({ topic: 'batches', messages: Array.from({ length: 50 }, (_, i) => ({ value: String(i) })) });
    const consumer = await sdk.consumer();
    consumer.assign([{ topic: 'batches', partition: 0, offset: 10 }]);
    const offsets: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachBatch: async ({ batch, isStale, isRunning }) => {
        expect(batch.highWatermark).toBe('50');
        expect(isStale()).toBe(false);
        expect(isRunning()).toBe(true);
        offsets.push(...batch.messages.map((m) => m.offset));
        if (batch.lastOffset() === '49') done();
      },
    });
    await finished;
    expect(offsets).toEqual(Array.from({ length: 40 }, (_, i) => String(i + 10)));
  });
});
