// Reads one partition's records for a browser page, forward from an offset or backward from
// one, keeping those that pass the filter. Bounded twice: it stops after `limit` matches and
// after reading `budget.bytes` of stored batches, so a filter that matches nothing cannot make
// one request read a whole large topic; the position it reached lets the next page go on.
import { decodeRecordBatches, type DecodedRecord } from '../../../protocol/record-batch.js';

/** What a scan needs of a partition log (PartitionLog has it). */
export interface ScannableLog {
  readonly partition: number;
  readonly logStartOffset: number;
  readonly logEndOffset: number;
  read(offset: number, maxBytes: number): { batches: Buffer[] };
}

export interface RecordFilter {
  /** Substring the key must contain (matched on the stored bytes as UTF-8). */
  key?: string;
  /** Substring the value must contain. */
  value?: string;
}

export interface ScanBudget {
  /** Stored bytes this scan may still read; reads stop once it is spent. */
  bytes: number;
}

export interface BrowsedRecord extends DecodedRecord {
  partition: number;
}

export interface PartitionScan {
  partition: number;
  /** Matching records in offset order. */
  records: BrowsedRecord[];
  /** Forward: the first offset not looked at. Backward: the lowest offset looked at. */
  reached: number;
}

/** Bytes asked of the log per read. */
const READ_BYTES = 256 * 1024;

export function matches(record: DecodedRecord, filter: RecordFilter): boolean {
  if (filter.key !== undefined && !(record.key ?? Buffer.alloc(0)).includes(filter.key)) return false;
  if (filter.value !== undefined && !(record.value ?? Buffer.alloc(0)).includes(filter.value)) return false;
  return true;
}

/** Up to `limit` matching records at offsets >= from (from within the log). */
export function scanForward(
  log: ScannableLog,
  from: number,
  limit: number,
  filter: RecordFilter,
  budget: ScanBudget,
): PartitionScan {
  const records: BrowsedRecord[] = [];
  let next = from;
  while (records.length < limit && next < log.logEndOffset && budget.bytes > 0) {
    const before = next;
    for (const batch of log.read(next, readSize(budget)).batches) {
      budget.bytes -= batch.length;
      for (const record of decodeRecordBatches(batch, false)) {
        if (record.offset < next) continue;
        next = record.offset + 1;
        if (matches(record, filter)) records.push({ ...record, partition: log.partition });
        if (records.length >= limit) return { partition: log.partition, records, reached: next };
      }
    }
    if (next === before) break; // nothing readable there (a gap); never spin
  }
  return { partition: log.partition, records, reached: next };
}

/**
 * Up to `limit` matching records just below `before` (the newest first found), in offset order.
 * It reads windows of offsets going back, each twice the last, so a sparse match costs
 * logarithmically many reads.
 */
export function scanBackward(
  log: ScannableLog,
  before: number,
  limit: number,
  filter: RecordFilter,
  budget: ScanBudget,
): PartitionScan {
  const newestFirst: BrowsedRecord[] = [];
  let low = before;
  let window = Math.max(limit, 16);
  while (newestFirst.length < limit && low > log.logStartOffset && budget.bytes > 0) {
    const from = Math.max(log.logStartOffset, low - window);
    const range = readRange(log, from, low, budget);
    if (range === undefined) break; // the budget ran out inside the window: keep `low`
    for (let i = range.length - 1; i >= 0; i--) {
      const record = range[i]!;
      if (newestFirst.length >= limit) break;
      low = record.offset;
      if (matches(record, filter)) newestFirst.push({ ...record, partition: log.partition });
    }
    if (newestFirst.length < limit) low = from;
    window *= 2;
  }
  return { partition: log.partition, records: newestFirst.reverse(), reached: low };
}

/** Every record in [from, to), or undefined when the budget ran out first. */
function readRange(log: ScannableLog, from: number, to: number, budget: ScanBudget): DecodedRecord[] | undefined {
  const out: DecodedRecord[] = [];
  let next = from;
  while (next < to) {
    if (budget.bytes <= 0) return undefined;
    const before = next;
    for (const batch of log.read(next, readSize(budget)).batches) {
      budget.bytes -= batch.length;
      for (const record of decodeRecordBatches(batch, false)) {
        if (record.offset < next || record.offset >= to) continue;
        out.push(record);
        next = record.offset + 1;
      }
    }
    if (next === before) break;
  }
  return out;
}

/** Never ask the log for more than the budget has left (the log still answers one batch at least). */
function readSize(budget: ScanBudget): number {
  return Math.max(1, Math.min(READ_BYTES, budget.bytes));
}
