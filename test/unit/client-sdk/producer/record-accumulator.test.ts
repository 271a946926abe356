import { describe, expect, it } from 'vitest';
import { decodeRecordBatches } from '../../../../protocol/record-batch.js';
import {
  estimateRecordSize,
  RecordAccumulator,
  type ProducerBatch,
  type SendTracker,
} from '../../../../client-sdk/producer/record-accumulator.js';

const tracker = (): SendTracker => ({
  remaining: 0,
  results: [],
  settled: false,
  deadline: Infinity,
  resolve: () => {},
  reject: () => {},
});
const record = (value: string, key: string | null = null) => ({
  key: key === null ? null : Buffer.from(key),
  value: Buffer.from(value),
});

describe('RecordAccumulator', () => {
  it('puts the records of one partition in one batch and separates partitions and topics', () => {
    const closed: ProducerBatch[] = [];
    const acc = new RecordAccumulator(16_384, (b) => closed.push(b));
    const t = tracker();
    for (let i = 0; i < 10; i++)
      acc.append('a', i % 2, record(`v${i}`), 30, { acks: 1, timeout: 1000, compression: 0 }, t);
    acc.append('b', 0, record('x'), 30, { acks: 1, timeout: 1000, compression: 0 }, t);
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
    const acc = new RecordAccumulator(61 + 250, (b) => closed.push(b));
    const t = tracker();
    for (let i = 0; i < 6; i++) acc.append('a', 0, record('v'), 100, { acks: 1, timeout: 1000, compression: 0 }, t);
    expect(closed.map((b) => b.count)).toEqual([2, 2]);
    expect(acc.hasFullBatches).toBe(true);
    acc.append('a', 0, record('big'), 10_000, { acks: 1, timeout: 1000, compression: 0 }, t);
    const batches = acc.drain();
    expect(batches.map((b) => b.count)).toEqual([2, 2, 2, 1]);
    expect(t.remaining).toBe(4);
  });

  it('does not mix acks settings in one batch', () => {
    const acc = new RecordAccumulator(16_384, () => {});
    const t = tracker();
    acc.append('a', 0, record('1'), 30, { acks: 1, timeout: 1000, compression: 0 }, t);
    acc.append('a', 0, record('2'), 30, { acks: -1, timeout: 1000, compression: 0 }, t);
    expect(acc.drain().map((b) => b.acks)).toEqual([1, -1]);
  });

  it('counts each send once per batch', () => {
    const acc = new RecordAccumulator(16_384, () => {});
    const [t1, t2] = [tracker(), tracker()];
    acc.append('a', 0, record('1'), 30, { acks: 1, timeout: 1000, compression: 0 }, t1);
    acc.append('a', 0, record('2'), 30, { acks: 1, timeout: 1000, compression: 0 }, t1);
    acc.append('a', 0, record('3'), 30, { acks: 1, timeout: 1000, compression: 0 }, t2);
    const [batch] = acc.drain();
    expect(batch!.trackers).toEqual([t1, t2]);
    expect([t1.remaining, t2.remaining]).toEqual([1, 1]);
  });

  it('estimates record sizes from keys, values and headers', () => {
    expect(estimateRecordSize(Buffer.alloc(16), Buffer.alloc(100), undefined)).toBe(140);
    expect(estimateRecordSize(null, null, undefined)).toBe(24);
    expect(estimateRecordSize(null, 'é', { h: ['ab', Buffer.alloc(3)] })).toBe(24 + 2 + (10 + 1 + 2) + (10 + 1 + 3));
  });
});
