// Durations as kafka-consumer-groups' --by-duration reads them (java.time.Duration): PnDTnHnMnS,
// every part optional but at least one, seconds may be fractional, any letter case. No weeks and
// no signs: Duration.parse has no W unit, and a reset never looks into the future.
import { InvalidOffsetInput } from './errors.js';

const PATTERN = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds in the duration; throws InvalidOffsetInput naming the format. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  const match = PATTERN.exec(trimmed);
  const [, days, hours, minutes, seconds] = match ?? [];
  const empty = !match || [days, hours, minutes, seconds].every((part) => part === undefined) || /T$/i.test(trimmed);
  if (empty)
    throw new InvalidOffsetInput(
      `invalid duration "${text}": expected ISO-8601 PnDTnHnMnS, e.g. PT15M or P1DT2H (no weeks: P7D)`,
    );
  const n = (part: string | undefined) => (part === undefined ? 0 : Number(part));
  return Math.round(((n(days) * 24 + n(hours)) * 60 + n(minutes)) * 60_000 + n(seconds) * 1000);
}
