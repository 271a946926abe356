// Pure checks for the consumer-kill scenario, over the events the group's members reported in
// the order the parent received them: every produced record processed at least once, and every
// repeat confined to the uncommitted window (an offset at or past the partition's highest commit
// reported before the repeat). Records below a commit must never be handed out again.

export type ProcessingEvent =
  { kind: 'processed'; partition: number; offset: number } | { kind: 'committed'; partition: number; offset: number };

export interface ProcessingCheck {
  produced: number;
  processed: number;
  /** Produced records never processed. */
  missing: number;
  /** Of those, the ones below a reported commit: committed without being processed. */
  missingBelowCommit: number;
  /** Processings beyond the first of a record. */
  duplicates: number;
  /** Repeats of a record below a commit reported earlier: the commit did not hold. */
  duplicatesBelowCommit: number;
  /** Commits that went backwards. */
  commitRegressions: number;
  ok: boolean;
}

/** `endOffsets` maps each partition to its log end offset (records 0..end-1 were produced). */
export function checkProcessing(
  events: readonly ProcessingEvent[],
  endOffsets: ReadonlyMap<number, number>,
): ProcessingCheck {
  const seen = new Map<number, Set<number>>();
  const committed = new Map<number, number>();
  let processed = 0;
  let duplicates = 0;
  let duplicatesBelowCommit = 0;
  let commitRegressions = 0;
  for (const event of events) {
    if (event.kind === 'committed') {
      if (event.offset < (committed.get(event.partition) ?? 0)) commitRegressions++;
      else committed.set(event.partition, event.offset);
      continue;
    }
    processed++;
    let offsets = seen.get(event.partition);
    if (!offsets) seen.set(event.partition, (offsets = new Set()));
    if (!offsets.has(event.offset)) {
      offsets.add(event.offset);
      continue;
    }
    duplicates++;
    if (event.offset < (committed.get(event.partition) ?? 0)) duplicatesBelowCommit++;
  }
  let produced = 0;
  let missing = 0;
  let missingBelowCommit = 0;
  for (const [partition, end] of endOffsets) {
    produced += end;
    const offsets = seen.get(partition);
    const highestCommit = committed.get(partition) ?? 0;
    for (let offset = 0; offset < end; offset++) {
      if (offsets?.has(offset)) continue;
      missing++;
      if (offset < highestCommit) missingBelowCommit++;
    }
  }
  return {
    produced,
    processed,
    missing,
    missingBelowCommit,
    duplicates,
    duplicatesBelowCommit,
    commitRegressions,
    ok: missing === 0 && duplicatesBelowCommit === 0 && commitRegressions === 0,
  };
}
