// Consumer lag as kafka-consumer-groups computes it: the log end offset minus the committed offset,
// unknown (null) when the group never committed the partition. Kafka does not clamp at the log
// start (a group behind deleted records shows those records as lag too); we only keep it from
// going negative when a commit lies past the log end.

/** Records between the committed offset and the log end; null when never committed. */
export function partitionLag(committedOffset: number | null, logEndOffset: number): number | null {
  if (committedOffset === null || committedOffset < 0) return null;
  return Math.max(0, logEndOffset - committedOffset);
}

/** The sum over partitions with a known lag. */
export function totalLag(lags: readonly (number | null)[]): number {
  let sum = 0;
  for (const lag of lags) if (lag !== null) sum += lag;
  return sum;
}
