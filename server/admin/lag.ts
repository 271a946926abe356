// Consumer lag, as kafka-consumer-groups computes it: per partition, the log end offset minus the
// committed offset; unknown (null) when the group never committed the partition.

export interface PartitionPosition {
  logStartOffset: number;
  logEndOffset: number;
  /** null: never committed. */
  committedOffset: number | null;
}

/** Records the group has yet to read; an offset below the log start counts from the log start. */
export function partitionLag(p: PartitionPosition): number | null {
  if (p.committedOffset === null || p.committedOffset < 0) return null;
  return Math.max(0, p.logEndOffset - Math.max(p.committedOffset, p.logStartOffset));
}

/** The sum over partitions with a known lag. */
export function totalLag(lags: readonly (number | null)[]): number {
  let sum = 0;
  for (const lag of lags) if (lag !== null) sum += lag;
  return sum;
}
