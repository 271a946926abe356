// Plans an offsets reset with kafka-consumer-groups' choices: the new offset of every partition,
// clamped to the log (as Kafka does), from plain positions. No I/O: the caller looks offsets up
// by timestamp and commits the plan.
import { AdminError } from './admin-error.js';

export const RESET_STRATEGIES = ['earliest', 'latest', 'offset', 'shift', 'datetime', 'duration'] as const;
export type ResetStrategy = (typeof RESET_STRATEGIES)[number];

export interface ResetSpec {
  to: ResetStrategy;
  /** offset: the offset; shift: +/- records; datetime: ISO 8601 or epoch ms; duration: ISO 8601 (PT15M) or ms back from now. */
  value?: string | number;
}

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
  current: number | null;
  next: number;
}

/** The first offset whose record timestamp is at or after `timestamp` (the log end when none). */
export type OffsetForTimestamp = (topic: string, partition: number, timestamp: number) => number;

export function planOffsetReset(spec: ResetSpec, targets: readonly ResetTarget[], offsetForTimestamp: OffsetForTimestamp, now: number): PlannedOffset[] {
  const wanted = targetOffset(spec, offsetForTimestamp, now);
  return targets.map((t) => {
    const raw = wanted(t);
    const next = Math.min(Math.max(raw, t.logStartOffset), t.logEndOffset);
    return { topic: t.topic, partition: t.partition, current: t.committedOffset, next };
  });
}

function targetOffset(spec: ResetSpec, offsetForTimestamp: OffsetForTimestamp, now: number): (t: ResetTarget) => number {
  switch (spec.to) {
    case 'earliest':
      return (t) => t.logStartOffset;
    case 'latest':
      return (t) => t.logEndOffset;
    case 'offset': {
      const offset = integerValue(spec.value, 'an offset');
      return () => offset;
    }
    case 'shift': {
      const by = integerValue(spec.value, 'a number of records to shift by (negative moves back)');
      // Never committed: shift from the log start, where such a group would begin reading.
      return (t) => (t.committedOffset ?? t.logStartOffset) + by;
    }
    case 'datetime': {
      const at = parseDatetime(spec.value);
      return (t) => offsetForTimestamp(t.topic, t.partition, at);
    }
    case 'duration': {
      const at = now - parseDuration(spec.value);
      return (t) => offsetForTimestamp(t.topic, t.partition, at);
    }
  }
}

function integerValue(value: unknown, what: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw invalidValue(`value must be ${what} (an integer), got ${JSON.stringify(value)}`);
  return n;
}

/** ISO 8601 date-time ("2024-05-01T12:00:00Z") or milliseconds since the epoch. */
export function parseDatetime(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  const at = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(at)) throw invalidValue(`value must be an ISO 8601 date-time or epoch milliseconds, got ${JSON.stringify(value)}`);
  return at;
}

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** kafka-consumer-groups' PnDTnHnMnS, or a non-negative number of milliseconds; in ms. */
export function parseDuration(value: unknown): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  const m = typeof value === 'string' ? ISO_DURATION.exec(value) : null;
  if (!m || value === 'P' || value === 'PT') throw invalidValue(`value must be an ISO 8601 duration such as PT15M or P1DT2H, or milliseconds, got ${JSON.stringify(value)}`);
  const [, d = '0', h = '0', min = '0', s = '0'] = m;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(min)) * 60_000 + Math.round(Number(s) * 1000);
}

function invalidValue(message: string): AdminError {
  return new AdminError('INVALID_REQUEST', message, 'value');
}
