// Pure checks for the broker-kill scenario: every acknowledged record is stored at the offset its
// acknowledgement named, each partition's offsets run without gaps or repeats, and committed
// offsets never move backwards.

export interface AcknowledgedRecord {
  partition: number;
  offset: number;
  value: string;
}

export interface StoredRecord {
  offset: number;
  value: string;
}

export interface LogCheck {
  acknowledged: number;
  stored: number;
  /** Acknowledged records found nowhere in the log. */
  missing: number;
  /** Acknowledged records found, but not at their acknowledged offset. */
  misplaced: number;
  /** Offsets that skip or repeat, over all partitions. */
  offsetBreaks: number;
  /** Values stored more than once (unacknowledged retries may do this; reported, not a loss). */
  duplicateValues: number;
  ok: boolean;
}

/** `log` maps each partition to its records read from `logStartOffset` (0 unless retention ran). */
export function checkLog(
  acknowledged: readonly AcknowledgedRecord[],
  log: ReadonlyMap<number, readonly StoredRecord[]>,
  logStartOffset = 0,
): LogCheck {
  let offsetBreaks = 0;
  let stored = 0;
  let duplicateValues = 0;
  const where = new Map<string, number>();
  const byOffset = new Map<number, Map<number, string>>();
  for (const [partition, records] of log) {
    const offsets = new Map<number, string>();
    byOffset.set(partition, offsets);
    let expected = logStartOffset;
    for (const record of records) {
      if (record.offset !== expected) offsetBreaks++;
      expected = record.offset + 1;
      offsets.set(record.offset, record.value);
      const key = `${partition}:${record.value}`;
      if (where.has(key)) duplicateValues++;
      else where.set(key, record.offset);
      stored++;
    }
  }
  let missing = 0;
  let misplaced = 0;
  for (const ack of acknowledged) {
    if (byOffset.get(ack.partition)?.get(ack.offset) === ack.value) continue;
    if (where.has(`${ack.partition}:${ack.value}`)) misplaced++;
    else missing++;
  }
  return {
    acknowledged: acknowledged.length,
    stored,
    missing,
    misplaced,
    offsetBreaks,
    duplicateValues,
    ok: missing === 0 && misplaced === 0 && offsetBreaks === 0,
  };
}

/** Remembers the highest committed offset seen per partition and counts any step back. */
export class CommitWatch {
  private readonly highest = new Map<number, number>();
  readonly regressions: string[] = [];

  /** A committed offset, as acknowledged to a consumer or as read back from the broker. */
  note(partition: number, offset: number, source: string): void {
    const before = this.highest.get(partition) ?? -1;
    if (offset < before) this.regressions.push(`partition ${partition}: ${source} ${offset} after ${before}`);
    else this.highest.set(partition, offset);
  }

  get committed(): ReadonlyMap<number, number> {
    return this.highest;
  }
}
