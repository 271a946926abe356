// Plans an offsets reset with kafka-consumer-groups' rules: the new offset of every partition,
// clamped into [log start, log end]; a shift needs a committed offset (Kafka refuses it otherwise).
// No I/O: the caller looks offsets up by timestamp and commits the plan.
import { NoCommittedOffset } from './errors.js';

export type ResetSpec =
  | { to: 'earliest' }
  | { to: 'latest' }
  | { to: 'offset'; offset: number }
  | { to: 'shift'; by: number }
  /** Also --by-duration: the caller resolves it to now minus the duration. */
  | { to: 'datetime'; timestamp: number };

export interface ResetTarget {
  topic: string;
  partition: number;
  logStartOffset: number;
  logEndOffset: number;
  /** null: never committed. */
  committedOffset: number | null;
}

export interface PlannedOffset {
  topic: string;
  partition: number;
  /** The committed offset now; null when none. */
  current: number | null;
  next: number;
}

/** The first offset whose record timestamp is at or after `timestamp`; null when none (the log end is used). */
export type OffsetForTimestamp = (topic: string, partition: number, timestamp: number) => number | null;

export function planOffsetReset(
  spec: ResetSpec,
  targets: readonly ResetTarget[],
  offsetForTimestamp: OffsetForTimestamp,
): PlannedOffset[] {
  return targets.map((t) => {
    const wanted = targetOffset(spec, t, offsetForTimestamp);
    const next = Math.min(Math.max(wanted, t.logStartOffset), t.logEndOffset);
    return { topic: t.topic, partition: t.partition, current: t.committedOffset, next };
  });
}

function targetOffset(spec: ResetSpec, t: ResetTarget, offsetForTimestamp: OffsetForTimestamp): number {
  switch (spec.to) {
    case 'earliest':
      return t.logStartOffset;
    case 'latest':
      return t.logEndOffset;
    case 'offset':
      return spec.offset;
    case 'shift':
      if (t.committedOffset === null) throw new NoCommittedOffset(t.topic, t.partition);
      return t.committedOffset + spec.by;
    case 'datetime':
      return offsetForTimestamp(t.topic, t.partition, spec.timestamp) ?? t.logEndOffset;
  }
}
