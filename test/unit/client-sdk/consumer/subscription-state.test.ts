import { describe, expect, it } from 'vitest';
import { Batch, FetchedRecords } from '../../../../client-sdk/consumer/batch.js';
import { SubscriptionState } from '../../../../client-sdk/consumer/subscription-state.js';
import { crc32c } from '../../../../protocol/crc32c.js';
import { ErrorCode } from '../../../../protocol/errors.js';
import { encodeRecordBatch, scanUsableBatches, setBaseOffset } from '../../../../protocol/record-batch.js';

const batchOf = (topic: string, partition: number, epoch = 0) =>
  new FetchedRecords(topic, partition, '10', [], 0, epoch);

/** What the fetcher keeps of a response's bytes at `from`, decoded as the runner hands it over. */
function decodeFetched(bytes: Buffer, from: number) {
  const { batches, corrupt } = scanUsableBatches(bytes);
  const wanted = batches.filter((batch) => batch.lastOffset >= from);
  return { messages: new FetchedRecords('t', 0, '20', wanted, from, 0).toBatch().messages, corrupt };
}

describe('SubscriptionState', () => {
  it('keeps the state of partitions that stay assigned', () => {
    const subs = new SubscriptionState();
    const [a] = subs.assign([{ topic: 't', partition: 0 }]);
    a!.fetchOffset = 42;
    const added = subs.assign([
      { topic: 't', partition: 0 },
      { topic: 't', partition: 1 },
    ]);
    expect(added.map((s) => s.partition)).toEqual([1]);
    expect(subs.get('t', 0)).toBe(a);
    expect(subs.get('t', 0)!.fetchOffset).toBe(42);
    subs.assign([{ topic: 't', partition: 1 }]);
    expect(subs.get('t', 0)).toBeUndefined();
  });

  it('treats topic names as data', () => {
    const subs = new SubscriptionState();
    subs.assign([
      { topic: '__proto__', partition: 0 },
      { topic: 'constructor', partition: 0 },
    ]);
    expect(subs.topics()).toEqual(['__proto__', 'constructor']);
    expect(subs.get('__proto__', 0)).toBeDefined();
  });

  it('pauses whole topics or single partitions, including ones assigned later', () => {
    const subs = new SubscriptionState();
    subs.pause('later');
    subs.assign([
      { topic: 't', partition: 0 },
      { topic: 't', partition: 1 },
      { topic: 'later', partition: 0 },
    ]);
    expect(subs.get('later', 0)!.paused).toBe(true);
    expect(subs.pause('t', [1]).map((s) => s.partition)).toEqual([1]);
    expect(subs.paused()).toEqual([
      { topic: 't', partitions: [1] },
      { topic: 'later', partitions: [0] },
    ]);
    expect(subs.resume('t', [1]).map((s) => s.partition)).toEqual([1]);
    subs.resume('later');
    expect(subs.paused()).toEqual([]);
  });

  it('resuming one partition of a paused topic keeps the others paused', () => {
    const subs = new SubscriptionState();
    subs.assign([0, 1, 2].map((partition) => ({ topic: 't', partition })));
    subs.pause('t');
    subs.resume('t', [1]);
    expect(subs.paused()).toEqual([{ topic: 't', partitions: [0, 2] }]);
  });

  it('hands out ready partitions round robin, skipping paused and busy ones', () => {
    const subs = new SubscriptionState();
    const states = subs.assign([0, 1, 2].map((partition) => ({ topic: 't', partition })));
    for (const s of states) s.buffered.push(batchOf('t', s.partition), batchOf('t', s.partition));
    states[1]!.paused = true;
    const order: number[] = [];
    for (let i = 0; i < 4; i++) order.push(subs.nextReady()!.partition);
    expect(order).toEqual([0, 2, 0, 2]);
    states[0]!.processing = true;
    expect(subs.nextReady()!.partition).toBe(2);
  });

  it('restartAt drops prefetched data and marks it stale', () => {
    const subs = new SubscriptionState();
    const [s] = subs.assign([{ topic: 't', partition: 0 }]);
    s!.buffered.push(batchOf('t', 0));
    s!.restartAt(7);
    expect([s!.buffered.length, s!.fetchOffset, s!.epoch]).toEqual([0, 7, 1]);
    s!.restartAt('latest');
    expect([s!.fetchOffset, s!.reset]).toEqual([-1, 'latest']);
  });
});

describe('Batch', () => {
  it('decodes fetched batches, skipping records before the fetch offset', () => {
    const bytes = encodeRecordBatch(
      [0, 1, 2, 3].map((i) => ({ key: `k${i}`, value: `v${i}`, timestamp: 1000 + i, headers: { h: String(i) } })),
    );
    setBaseOffset(bytes, 10);
    const { messages, corrupt } = decodeFetched(bytes, 12);
    expect(corrupt).toBeUndefined();
    expect(
      messages.map((m) => [m.offset, m.key!.toString(), m.value!.toString(), m.timestamp, m.headers.h!.toString()]),
    ).toEqual([
      ['12', 'k2', 'v2', '1002', '2'],
      ['13', 'k3', 'v3', '1003', '3'],
    ]);
    const batch = new Batch('t', 0, '20', messages, 0);
    expect([batch.firstOffset(), batch.lastOffset(), batch.offsetLag(), batch.offsetLagLow(), batch.isEmpty()]).toEqual(
      ['12', '13', '6', '7', false],
    );
    const empty = new Batch('t', 0, '20', [], 0);
    expect([empty.firstOffset(), empty.lastOffset(), empty.isEmpty()]).toEqual([null, '19', true]);
  });

  it('hands over the records before a corrupt batch and reports where it sits', () => {
    const good = encodeRecordBatch([{ value: 'a' }, { value: 'b' }]);
    const bad = encodeRecordBatch([{ value: 'c' }, { value: 'd' }, { value: 'e' }]);
    setBaseOffset(good, 10);
    setBaseOffset(bad, 12);
    bad.writeInt32BE(2, 57); // records present no longer match the count: CORRUPT_MESSAGE
    bad.writeUInt32BE(crc32c(bad, 21, bad.length), 17);
    const { messages, corrupt } = decodeFetched(Buffer.concat([good, bad]), 11);
    expect(messages.map((m) => m.offset)).toEqual(['11']);
    expect(corrupt).toMatchObject({ baseOffset: 12, nextOffset: 15, error: { code: ErrorCode.CORRUPT_MESSAGE } });
  });

  it('remove() takes some partitions out, keeps the others as they are and makes the removed ones stale', () => {
    const subs = new SubscriptionState();
    const [a, b, c] = subs.assign([
      { topic: 't', partition: 0 },
      { topic: 't', partition: 1 },
      { topic: 'u', partition: 0 },
    ]);
    b!.fetchOffset = 7;
    b!.buffered.push(batchOf('t', 1));
    a!.buffered.push(batchOf('t', 0));
    const epoch = a!.epoch;
    const removed = subs.remove([
      { topic: 't', partition: 0 },
      { topic: 't', partition: 9 },
    ]);
    expect(removed).toEqual([a]);
    expect(a!.epoch).toBe(epoch + 1);
    expect(a!.buffered).toEqual([]);
    expect(subs.get('t', 0)).toBeUndefined();
    expect(subs.get('t', 1)).toBe(b);
    expect(b!.fetchOffset).toBe(7);
    expect(b!.buffered).toHaveLength(1);
    expect(subs.all()).toEqual([b, c]);
    expect(subs.nextReady()).toBe(b);
  });
});
