// Every record inside a batch is checked on produce, and decoding refuses what produce would:
// each corruption below is CRC-valid, so only the record-level checks can catch it.
import { describe, expect, it } from 'vitest';
import { ErrorCode, ProtocolError } from '../../../protocol/errors.js';
import {
  decodeRecordBatches,
  encodeRecordBatch,
  findRecordByTimestamp,
  inspectBatches,
  setBaseOffset,
} from '../../../protocol/record-batch.js';
import {
  corruptBatches,
  manyHeadersBatch,
  rawBatch,
  rawRecord,
  recordBody,
  wellFormedBatch,
} from '../../helpers/raw-batch.js';

const MAX = 1 << 21;

function errorOf(fn: () => unknown): ProtocolError | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ProtocolError) return err;
    throw err;
  }
  return undefined;
}

describe('record batch integrity', () => {
  it('accepts well-formed batches, hand-built or encoded', () => {
    expect(inspectBatches(wellFormedBatch(), MAX)).toHaveLength(1);
    expect(
      decodeRecordBatches(wellFormedBatch()).map((r) => [r.offset, r.value?.toString(), r.headers.h?.toString()]),
    ).toEqual([
      [0, 'a', 'v'],
      [1, 'b', undefined],
    ]);
    const encoded = encodeRecordBatch([
      { key: 'k', value: 'v', timestamp: 5, headers: { a: ['1', '2'], b: 'x' } },
      { value: null, timestamp: 3 },
      { value: '', timestamp: 9, headers: { empty: Buffer.alloc(0) } },
    ]);
    // The base is the first record's timestamp, as Kafka's producer writes it: the second record's delta is negative.
    expect(inspectBatches(encoded, MAX)[0]).toMatchObject({
      recordCount: 3,
      lastOffsetDelta: 2,
      baseTimestamp: 5,
      maxTimestamp: 9,
    });
    expect(decodeRecordBatches(encoded).map((r) => r.timestamp)).toEqual([5, 3, 9]);
  });

  it('reads long varints exactly: a timestamp delta of 1.7e12 ms and 300-byte values', () => {
    const batch = encodeRecordBatch([
      { value: 'x'.repeat(300), timestamp: 0 },
      { value: 'y', timestamp: 1_700_000_000_123 },
    ]);
    expect(inspectBatches(batch, MAX)[0]).toMatchObject({ baseTimestamp: 0, maxTimestamp: 1_700_000_000_123 });
    expect(decodeRecordBatches(batch).map((r) => r.timestamp)).toEqual([0, 1_700_000_000_123]);
  });

  it('accepts null header values and timestamps below the base (Kafka writes negative deltas)', () => {
    const batch = rawBatch(
      [
        rawRecord(recordBody(0, 'a', { timestampDelta: 0, headers: [['h', null]] })),
        rawRecord(recordBody(1, 'b', { timestampDelta: -4 })),
      ],
      { baseTimestamp: 10, maxTimestamp: 10 },
    );
    expect(inspectBatches(batch, MAX)).toHaveLength(1);
    expect(decodeRecordBatches(batch).map((r) => r.timestamp)).toEqual([10, 6]);
  });

  for (const [kind, batch] of Object.entries(corruptBatches())) {
    it(`refuses ${kind} as CORRUPT_MESSAGE, on produce and on decode`, () => {
      const onProduce = errorOf(() => inspectBatches(batch, MAX));
      expect(onProduce?.code).toBe(ErrorCode.CORRUPT_MESSAGE);
      expect(onProduce?.message).toMatch(/^corrupt record batch: /);
      expect(errorOf(() => decodeRecordBatches(batch))?.code).toBe(ErrorCode.CORRUPT_MESSAGE);
    });
  }

  it('refuses a corrupt batch sent after a good one, as a whole', () => {
    const both = Buffer.concat([wellFormedBatch(), corruptBatches()['offset deltas that repeat']!]);
    expect(errorOf(() => inspectBatches(both, MAX))?.code).toBe(ErrorCode.CORRUPT_MESSAGE);
  });

  it('finds the first record at or after a timestamp from lengths and timestamps alone', () => {
    const batch = encodeRecordBatch([
      { value: 'a', timestamp: 100, headers: { h: 'x' } },
      { value: 'b', timestamp: 300 },
      { value: 'c', timestamp: 200 },
    ]);
    setBaseOffset(batch, 10);
    expect(findRecordByTimestamp(batch, 150, 0)).toEqual({ offset: 11, timestamp: 300 });
    expect(findRecordByTimestamp(batch, 100, 10)).toEqual({ offset: 10, timestamp: 100 });
    expect(findRecordByTimestamp(batch, 100, 12)).toEqual({ offset: 12, timestamp: 200 });
    expect(findRecordByTimestamp(batch, 301, 0)).toBeUndefined();
    expect(errorOf(() => findRecordByTimestamp(corruptBatches()['key length past its record']!, 0, 0))?.code).toBe(
      ErrorCode.CORRUPT_MESSAGE,
    );
  });

  it('checks and decodes a record with 500,000 headers of one name in linear time', () => {
    const batch = manyHeadersBatch(500_000);
    expect(inspectBatches(batch, MAX)).toHaveLength(1);
    const [record] = decodeRecordBatches(batch);
    expect((record!.headers[''] as Buffer[]).length).toBe(500_000);
  });
});
