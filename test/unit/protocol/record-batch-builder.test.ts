import { describe, expect, it } from 'vitest';
import { decodeRecordBatches, encodeRecordBatch, inspectBatches } from '../../../protocol/record-batch.js';
import { BATCH_HEADER_BYTES, RecordBatchBuilder } from '../../../protocol/record-encode.js';

const NOW = 1_700_000_000_000;
const MAX = 1 << 20;

describe('RecordBatchBuilder', () => {
  it('writes the same bytes as encodeRecordBatch, record by record', () => {
    const records = [
      { key: 'k', value: 'v', headers: { a: ['1', '2'], b: Buffer.from('x') } },
      { key: Buffer.from('é'), value: null, timestamp: NOW - 100 },
      { key: 'ключ', value: 'x'.repeat(300) },
    ];
    const builder = new RecordBatchBuilder(MAX, 64);
    for (const record of records) expect(builder.append(record, NOW)).toBe(true);
    const built = builder.finish();
    expect(built.length).toBe(builder.bytes);
    expect(built.equals(encodeRecordBatch(records, NOW))).toBe(true);
    expect(
      decodeRecordBatches(built).map((r) => [r.key?.toString() ?? null, r.value?.length ?? null, r.timestamp]),
    ).toEqual([
      ['k', 1, NOW],
      ['é', null, NOW - 100],
      ['ключ', 300, NOW],
    ]);
  });

  it('refuses a record that would take a non-empty batch over its limit, writing nothing', () => {
    const value = Buffer.alloc(100, 7);
    const builder = new RecordBatchBuilder(BATCH_HEADER_BYTES + 250, 64);
    expect(builder.append({ value }, NOW)).toBe(true);
    expect(builder.append({ value }, NOW)).toBe(true);
    const bytes = builder.bytes;
    expect(builder.append({ value }, NOW)).toBe(false);
    expect([builder.count, builder.bytes]).toEqual([2, bytes]);
    expect(decodeRecordBatches(builder.finish())).toHaveLength(2);
  });

  it('takes one record larger than its limit into an empty batch', () => {
    const builder = new RecordBatchBuilder(BATCH_HEADER_BYTES + 10, 64);
    expect(builder.append({ value: Buffer.alloc(5000, 1) }, NOW)).toBe(true);
    expect(builder.append({ value: 'x' }, NOW)).toBe(false);
    expect(decodeRecordBatches(builder.finish())[0]!.value!.length).toBe(5000);
  });

  it('finishes again with other producer fields: header and CRC rewritten, records unchanged', () => {
    const builder = new RecordBatchBuilder(MAX);
    builder.append({ key: 'a', value: '1' }, NOW);
    builder.append({ key: 'b', value: '2' }, NOW + 1);
    const first = Buffer.from(builder.finish({ producerId: 7, producerEpoch: 1, baseSequence: 0 }));
    const again = builder.finish({ producerId: 8, producerEpoch: 0, baseSequence: 40, transactional: true });
    expect(inspectBatches(first, MAX)[0]).toMatchObject({ producerId: 7, baseSequence: 0, transactional: false });
    expect(inspectBatches(again, MAX)[0]).toMatchObject({
      producerId: 8,
      producerEpoch: 0,
      baseSequence: 40,
      transactional: true,
      baseTimestamp: NOW,
      maxTimestamp: NOW + 1,
    });
    expect(again.subarray(BATCH_HEADER_BYTES).equals(first.subarray(BATCH_HEADER_BYTES))).toBe(true);
  });

  it('refuses to finish an empty batch', () => {
    expect(() => new RecordBatchBuilder(MAX).finish()).toThrow(RangeError);
  });
});
