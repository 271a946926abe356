// An in-memory partition log for the browser's unit tests: stored batches with real offsets,
// read as the broker's store reads them (from the batch holding the offset, at least one batch).
import { encodeRecordBatch, setBaseOffset, type RecordInput } from '../../../../protocol/record-batch.js';
import type { ScannableLog } from '../../../../server/admin/browse/scan.js';

export class FakeLog implements ScannableLog {
  logStartOffset = 0;
  logEndOffset = 0;
  bytesRead = 0;
  private readonly batches: { base: number; count: number; data: Buffer }[] = [];

  constructor(readonly partition = 0) {}

  /** Appends the records as one batch. */
  append(records: RecordInput[]): this {
    const data = encodeRecordBatch(records);
    setBaseOffset(data, this.logEndOffset);
    this.batches.push({ base: this.logEndOffset, count: records.length, data });
    this.logEndOffset += records.length;
    return this;
  }

  /** Appends `count` one-record batches with values `prefix<offset>` and timestamps `t0 + offset`. */
  fill(count: number, prefix = 'v', t0 = 1_000_000): this {
    for (let i = 0; i < count; i++) {
      const offset = this.logEndOffset;
      this.append([{ key: `k${offset}`, value: `${prefix}${offset}`, timestamp: t0 + offset }]);
    }
    return this;
  }

  read(offset: number, maxBytes: number): { batches: Buffer[] } {
    if (offset < this.logStartOffset || offset > this.logEndOffset)
      throw new RangeError(`offset ${offset} out of range`);
    const out: Buffer[] = [];
    let bytes = 0;
    for (const batch of this.batches) {
      if (batch.base + batch.count <= offset) continue;
      if (out.length > 0 && bytes + batch.data.length > maxBytes) break;
      out.push(batch.data);
      bytes += batch.data.length;
    }
    this.bytesRead += bytes;
    return { batches: out };
  }
}
