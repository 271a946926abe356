import { describe, expect, it } from 'vitest';
import { sendTracker } from '../../../helpers/send-tracker.js';
import { decodeRecordBatches } from '../../../../protocol/record-batch.js';
import { RecordAccumulator, type ProducerBatch } from '../../../../client-sdk/producer/record-accumulator.js';

const record = (value: string, key: string | null = null) => ({
  key: key === null ? null : Buffer.from(key),
  value: Buffer.from(value),
});

const SETTINGS = { acks: 1, timeout: 1000, compression: 0 } as const;
const NOW = 1_700_000_000_000;
/** A record of record('v') in a batch: length 1 byte, then attributes, timestamp delta, offset
 * delta, null key, value length and 'v', header count: 8 bytes. */
const SMALL_RECORD_BYTES = 8;

describe('RecordAccumulator', () => {
  it('puts the records of one partition in one batch and separates partitions and topics', () => {
    const closed: ProducerBatch[] = [];
    const acc = new RecordAccumulator(16_384, (b) => closed.push(b));
    const t = sendTracker();
    for (let i = 0; i < 10; i++) acc.append('a', i % 2, record(`v${i}`), NOW, SETTINGS, t);
    acc.append('b', 0, record('x'), NOW, SETTINGS, t);
    const batches = acc.drain();
    expect(batches.map((b) => [b.topic, b.partition, b.count])).toEqual([
      ['a', 0, 5],
      ['a', 1, 5],
      ['b', 0, 1],
    ]);
    expect(closed).toHaveLength(3);
    expect(t.remaining).toBe(3);
    const decoded = decodeRecordBatches(batches[0]!.encode());
    expect(decoded.map((r) => r.value!.toString())).toEqual(['v0', 'v2', 'v4', 'v6', 'v8']);
    expect(decoded.map((r) => r.offset)).toEqual([0, 1, 2, 3, 4]);
  });

  it('closes a batch when the next record would exceed batchSize, and lets one oversized record through', () => {
    const closed: ProducerBatch[] = [];
    const acc = new RecordAccumulator(61 + 2 * SMALL_RECORD_BYTES, (b) => closed.push(b));
    const t = sendTracker();
    for (let i = 0; i < 6; i++) acc.append('a', 0, record('v'), NOW, SETTINGS, t);
    expect(closed.map((b) => b.count)).toEqual([2, 2]);
    expect(acc.hasFullBatches).toBe(true);
    acc.append('a', 0, record('big'), NOW, SETTINGS, t);
    const batches = acc.drain();
    expect(batches.map((b) => b.count)).toEqual([2, 2, 2, 1]);
    expect(t.remaining).toBe(4);
  });

  it('does not mix acks settings in one batch', () => {
    const acc = new RecordAccumulator(16_384, () => {});
    const t = sendTracker();
    acc.append('a', 0, record('1'), NOW, SETTINGS, t);
    acc.append('a', 0, record('2'), NOW, { ...SETTINGS, acks: -1 }, t);
    expect(acc.drain().map((b) => b.acks)).toEqual([1, -1]);
  });

  it('counts each send once per batch', () => {
    const acc = new RecordAccumulator(16_384, () => {});
    const [t1, t2] = [sendTracker(), sendTracker()];
    acc.append('a', 0, record('1'), NOW, SETTINGS, t1);
    acc.append('a', 0, record('2'), NOW, SETTINGS, t1);
    acc.append('a', 0, record('3'), NOW, SETTINGS, t2);
    const [batch] = acc.drain();
    expect(batch!.trackers).toEqual([t1, t2]);
    expect([t1.remaining, t2.remaining]).toEqual([1, 1]);
  });

  it('writes each record when it is appended: records given a timestamp keep it, the others get the send time', () => {
    const acc = new RecordAccumulator(16_384, () => {});
    const t = sendTracker();
    const value = Buffer.from('before');
    acc.append('a', 0, { key: 'k', value }, NOW, SETTINGS, t);
    acc.append(
      'a',
      0,
      { value: 'x', timestamp: NOW - 5, headers: { h: ['1', Buffer.from('2')] } },
      NOW + 1,
      SETTINGS,
      t,
    );
    value.write('after!'); // the caller's buffer changing after send() does not change what is sent
    const [batch] = acc.drain();
    expect(batch!.bytes).toBe(batch!.encode().length);
    const decoded = decodeRecordBatches(batch!.encode());
    expect(decoded.map((r) => [r.key?.toString() ?? null, r.value!.toString(), r.timestamp])).toEqual([
      ['k', 'before', NOW],
      [null, 'x', NOW - 5],
    ]);
    expect(decoded[1]!.headers).toEqual({ h: [Buffer.from('1'), Buffer.from('2')] });
  });

  it("starts a partition's batch from the size its last one reached, and grows one that outgrows it", () => {
    const acc = new RecordAccumulator(16_384, () => {});
    const t = sendTracker();
    const big = { value: Buffer.alloc(1000, 1) };
    for (let i = 0; i < 10; i++) acc.append('a', 0, big, NOW, SETTINGS, t); // from 512 bytes, grown
    const [first] = acc.drain();
    expect(decodeRecordBatches(first!.encode()).map((r) => r.value!.equals(big.value))).toEqual(Array(10).fill(true));
    for (let i = 0; i < 12; i++) acc.append('a', 0, big, NOW, SETTINGS, t);
    const [second] = acc.drain();
    expect(decodeRecordBatches(second!.encode())).toHaveLength(12);
  });
});
