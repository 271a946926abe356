// ISO-8601 durations as kafka-consumer-groups' --by-duration takes them: PnDTnHnMnS (weeks too),
// every part optional but at least one, seconds may be fractional.
const PATTERN = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** Milliseconds in the duration; throws with the accepted format on anything else. */
export function parseDuration(text: string): number {
  const match = PATTERN.exec(text.trim());
  const [, weeks, days, hours, minutes, seconds] = match ?? [];
  const empty = !match || [weeks, days, hours, minutes, seconds].every((part) => part === undefined) || /T$/i.test(text.trim());
  if (empty) throw new Error(`invalid duration "${text}": expected ISO-8601 PnDTnHnMnS, e.g. PT15M or P1DT2H`);
  const n = (part: string | undefined) => (part === undefined ? 0 : Number(part));
  return Math.round((((n(weeks) * 7 + n(days)) * 24 + n(hours)) * 60 + n(minutes)) * 60_000 + n(seconds) * 1000);
}
