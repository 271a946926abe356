// How record_batches rows hold batches: one row is a chunk of one or more whole batches of one
// partition, contiguous in offsets, written in one append flush and together at most
// CHUNK_TARGET_BYTES (a batch larger than that is a row of its own). Fewer, larger rows cost SQLite
// less per stored byte than one row per batch: at 16 KiB pages, 128 KiB rows took 0.97 ms of
// insert CPU per MB against 1.85 for 16 KiB rows, and 0.29 ms against 0.55 to read back
// (scripts/bench/sqlite-page-size.ts). Callers above the store still see one Buffer per batch.
import { BATCH_HEADER_BYTES, nextOffsetAfter, readMaxTimestamp, splitBatches } from '../../protocol/record-batch.js';

/** A chunk grows while it stays at or under this size; retention and reads work in whole chunks. */
export const CHUNK_TARGET_BYTES = 128 * 1024;

/** One batch as the append flush hands it to the store. */
export interface StoredBatch {
  topicId: number;
  partition: number;
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  data: Uint8Array;
}

/** A row to insert: the batches' range, their largest timestamp, and the batches in order. */
export interface Chunk {
  topicId: number;
  partition: number;
  baseOffset: number;
  lastOffset: number;
  maxTimestamp: number;
  size: number;
  parts: Uint8Array[];
}

/**
 * Groups batches into chunks, in the order given: a batch joins its partition's open chunk when it
 * starts where that chunk ends and the chunk stays within `targetBytes`.
 */
export function chunkBatches(batches: readonly StoredBatch[], targetBytes = CHUNK_TARGET_BYTES): Chunk[] {
  const chunks: Chunk[] = [];
  const open = new Map<string, Chunk>();
  for (const b of batches) {
    const key = `${b.topicId}:${b.partition}`;
    const chunk = open.get(key);
    if (chunk && chunk.lastOffset + 1 === b.baseOffset && chunk.size + b.data.length <= targetBytes) {
      chunk.parts.push(b.data);
      chunk.size += b.data.length;
      chunk.lastOffset = b.lastOffset;
      if (b.maxTimestamp > chunk.maxTimestamp) chunk.maxTimestamp = b.maxTimestamp;
      continue;
    }
    const started: Chunk = {
      topicId: b.topicId,
      partition: b.partition,
      baseOffset: b.baseOffset,
      lastOffset: b.lastOffset,
      maxTimestamp: b.maxTimestamp,
      size: b.data.length,
      parts: [b.data],
    };
    chunks.push(started);
    open.set(key, started);
  }
  return chunks;
}

/**
 * A chunk's bytes as one blob. Several parts are copied into `scratch` (grown when too small),
 * which the caller may reuse once the blob is bound: SQLite copies bound blobs.
 */
export function chunkBytes(chunk: Chunk, scratch: { buffer: Buffer }): Uint8Array {
  if (chunk.parts.length === 1) return chunk.parts[0]!;
  if (scratch.buffer.length < chunk.size) scratch.buffer = Buffer.allocUnsafe(Math.max(chunk.size, CHUNK_TARGET_BYTES));
  let at = 0;
  for (const part of chunk.parts) {
    scratch.buffer.set(part, at);
    at += part.length;
  }
  return scratch.buffer.subarray(0, at);
}

/** The batches of a row from the one holding `offset` on. */
export function batchesFrom(row: Buffer, offset: number): Buffer[] {
  const batches = splitBatches(row);
  let first = 0;
  while (first < batches.length - 1 && nextOffsetAfter(batches[first]!) <= offset) first++;
  return first === 0 ? batches : batches.slice(first);
}

/**
 * The batches of a row that may hold a record at or after `timestamp` with an offset of at least
 * `fromOffset`: their max timestamp is at or after it. A damaged piece is kept, for its checks to fail.
 */
export function batchesWithTimestamp(row: Buffer, timestamp: number, fromOffset: number): Buffer[] {
  return batchesFrom(row, fromOffset).filter((b) => b.length < BATCH_HEADER_BYTES || readMaxTimestamp(b) >= timestamp);
}
