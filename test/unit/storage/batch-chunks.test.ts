// How batches are grouped into rows and split back (server/storage/batch-chunks.ts).
import { describe, expect, it } from 'vitest';
import { encodeRecordBatch, readBaseOffset, setBaseOffset, splitBatches } from '../../../protocol/record-batch.js';
import {
  batchesFrom,
  batchesWithTimestamp,
  chunkBatches,
  chunkBytes,
  type StoredBatch,
} from '../../../server/storage/batch-chunks.js';

/** A stored batch of `count` records at `baseOffset`, all at `timestamp`. */
function batch(partition: number, baseOffset: number, count = 2, timestamp = 1000, topicId = 1): StoredBatch {
  const data = encodeRecordBatch(
    Array.from({ length: count }, (_, i) => ({ value: `v${baseOffset + i}`, timestamp })),
    timestamp,
  );
  setBaseOffset(data, baseOffset);
  return { topicId, partition, baseOffset, lastOffset: baseOffset + count - 1, maxTimestamp: timestamp, data };
}

const joined = (batches: StoredBatch[]) => Buffer.concat(batches.map((b) => b.data));

describe('chunkBatches', () => {
  it('puts contiguous batches of one partition in one row, with their range, size and largest timestamp', () => {
    const batches = [batch(0, 0, 2, 5000), batch(0, 2, 3, 7000), batch(0, 5, 1, 6000)];
    const [chunk, ...rest] = chunkBatches(batches);
    expect(rest).toEqual([]);
    expect(chunk).toMatchObject({ topicId: 1, partition: 0, baseOffset: 0, lastOffset: 5, maxTimestamp: 7000 });
    expect(chunk!.size).toBe(joined(batches).length);
    expect(chunk!.parts).toEqual(batches.map((b) => b.data));
  });

  it('keeps partitions and topics apart, interleaved as an append flush gives them', () => {
    const chunks = chunkBatches([batch(0, 0), batch(1, 0), batch(0, 2), batch(1, 2, 2, 1000, 2), batch(1, 2)]);
    expect(chunks.map((c) => [c.topicId, c.partition, c.baseOffset, c.lastOffset])).toEqual([
      [1, 0, 0, 3],
      [1, 1, 0, 3],
      [2, 1, 2, 3],
    ]);
  });

  it('starts a new row at a gap in offsets and when the row would pass the target size', () => {
    expect(chunkBatches([batch(0, 0), batch(0, 5)]).length).toBe(2);
    const size = batch(0, 0).data.length;
    const chunks = chunkBatches([batch(0, 0), batch(0, 2), batch(0, 4), batch(0, 6), batch(0, 8)], 2 * size);
    expect(chunks.map((c) => [c.baseOffset, c.lastOffset])).toEqual([
      [0, 3],
      [4, 7],
      [8, 9],
    ]);
    // A batch larger than the target is a row of its own.
    expect(chunkBatches([batch(0, 0), batch(0, 2, 50), batch(0, 52)], 2 * size).length).toBe(3);
  });
});

describe('chunkBytes', () => {
  it('binds a single batch as it is and joins several into the reused scratch buffer', () => {
    const scratch = { buffer: Buffer.alloc(0) };
    const [single] = chunkBatches([batch(0, 0)]);
    expect(chunkBytes(single!, scratch)).toBe(single!.parts[0]);
    const batches = [batch(0, 0), batch(0, 2), batch(0, 4)];
    const bytes = chunkBytes(chunkBatches(batches)[0]!, scratch);
    expect(Buffer.from(bytes)).toEqual(joined(batches));
    expect(bytes.buffer).toBe(scratch.buffer.buffer);
  });
});

describe('splitting a row', () => {
  const row = joined([batch(0, 0, 2, 1000), batch(0, 2, 3, 3000), batch(0, 5, 1, 2000)]);

  it('gives each batch as a view of the row', () => {
    const batches = splitBatches(row);
    expect(batches.map((b) => readBaseOffset(b))).toEqual([0, 2, 5]);
    expect(batches.every((b) => b.buffer === row.buffer)).toBe(true);
  });

  it('starts at the batch holding an offset', () => {
    expect(batchesFrom(row, 0).map((b) => readBaseOffset(b))).toEqual([0, 2, 5]);
    expect(batchesFrom(row, 4).map((b) => readBaseOffset(b))).toEqual([2, 5]);
    expect(batchesFrom(row, 5).map((b) => readBaseOffset(b))).toEqual([5]);
  });

  it('finds the batches that may hold a timestamp, from an offset', () => {
    expect(batchesWithTimestamp(row, 2500, 0).map((b) => readBaseOffset(b))).toEqual([2]);
    expect(batchesWithTimestamp(row, 1500, 0).map((b) => readBaseOffset(b))).toEqual([2, 5]);
    expect(batchesWithTimestamp(row, 1500, 5).map((b) => readBaseOffset(b))).toEqual([5]);
  });

  it('keeps bytes that do not split (a damaged file) as one last piece, never looping', () => {
    const damaged = Buffer.from(row);
    const second = splitBatches(row)[0]!.length;
    damaged.writeInt32BE(-100, second + 8);
    const pieces = splitBatches(damaged);
    expect(pieces.length).toBe(2);
    expect(pieces[1]!.length).toBe(damaged.length - second);
    expect(splitBatches(Buffer.concat([row, Buffer.alloc(10)])).at(-1)!.length).toBe(10);
    const tooLong = Buffer.from(row);
    tooLong.writeInt32BE(1_000_000, 8);
    expect(splitBatches(tooLong)).toEqual([tooLong]);
  });
});
