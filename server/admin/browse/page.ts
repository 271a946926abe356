// One page of the message browser over one or more partitions: scan each partition from its
// cursor position, merge by timestamp (oldest first going forward, newest first going backward,
// each partition's records staying in offset order), cut at the record and byte limits, and
// work out where every partition's next page starts.
import type { Cursor, Direction } from './cursor.js';
import { scanBackward, scanForward, type BrowsedRecord, type RecordFilter, type ScannableLog } from './scan.js';

export interface PageLimits {
  /** Records per page. */
  records: number;
  /** Key, value and header bytes per page (at least one record is always returned). */
  bytes: number;
  /** Stored bytes one page may read, over all partitions. */
  scanBytes: number;
}

export interface Page {
  records: BrowsedRecord[];
  /** Where the next page starts; undefined when every partition reached its end (or start). */
  next: Cursor | undefined;
}

/** Each partition gets an equal share of the scan budget, and never less than this. */
const MIN_SCAN_BYTES_PER_PARTITION = 64 * 1024;

export function readPage(
  logs: readonly ScannableLog[],
  cursor: Cursor,
  filter: RecordFilter,
  limits: PageLimits,
): Page {
  const forward = cursor.direction === 'forward';
  const share = Math.max(MIN_SCAN_BYTES_PER_PARTITION, Math.floor(limits.scanBytes / Math.max(1, logs.length)));
  // The page's total stays within scanBytes (plus one batch): once it is spent, the partitions
  // left are not read this time and keep their positions for the next page.
  let left = limits.scanBytes;
  const scans = logs.map((log) => {
    const at = cursor.positions.get(log.partition) ?? (forward ? log.logEndOffset : log.logStartOffset);
    const budget = { bytes: Math.max(0, Math.min(share, left)) };
    const granted = budget.bytes;
    const scan = forward
      ? scanForward(log, at, limits.records, filter, budget)
      : scanBackward(log, at, limits.records, filter, budget);
    left -= granted - budget.bytes;
    return scan;
  });

  const queues = scans.map((scan) => (forward ? scan.records : [...scan.records].reverse()));
  const heads = queues.map(() => 0);
  const taken: BrowsedRecord[] = [];
  let bytes = 0;
  while (taken.length < limits.records && (taken.length === 0 || bytes < limits.bytes)) {
    const pick = nextQueue(queues, heads, cursor.direction);
    if (pick === undefined) break;
    const record = queues[pick]![heads[pick]!]!;
    heads[pick]!++;
    taken.push(record);
    bytes += recordBytes(record);
  }

  const positions = new Map<number, number>();
  let more = false;
  logs.forEach((log, i) => {
    const queue = queues[i]!;
    const head = heads[i]!;
    // Records left untaken come first on the next page; else go on from where the scan reached.
    const untaken = queue[head];
    const position = untaken ? (forward ? untaken.offset : untaken.offset + 1) : scans[i]!.reached;
    positions.set(log.partition, position);
    if (forward ? position < log.logEndOffset : position > log.logStartOffset) more = true;
  });
  return { records: taken, next: more ? { direction: cursor.direction, positions } : undefined };
}

/** The queue whose head record comes next: the earliest timestamp forward, the latest backward. */
function nextQueue(queues: BrowsedRecord[][], heads: number[], direction: Direction): number | undefined {
  let best: number | undefined;
  let bestRecord: BrowsedRecord | undefined;
  queues.forEach((queue, i) => {
    const record = queue[heads[i]!];
    if (!record) return;
    const better =
      bestRecord === undefined ||
      (direction === 'forward' ? record.timestamp < bestRecord.timestamp : record.timestamp > bestRecord.timestamp);
    if (better) {
      best = i;
      bestRecord = record;
    }
  });
  return best;
}

function recordBytes(record: BrowsedRecord): number {
  let bytes = (record.key?.length ?? 0) + (record.value?.length ?? 0);
  for (const [name, value] of Object.entries(record.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) bytes += name.length + v.length;
  }
  return bytes;
}
