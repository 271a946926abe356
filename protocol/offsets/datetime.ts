// Date-times as kafka-consumer-groups' --to-datetime reads them: YYYY-MM-DDTHH:mm[:SS[.sss]] with an
// optional zone (Z or ±HH:MM); without one the time is local to the process that parses it.
import { InvalidOffsetInput } from './errors.js';

const PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/** Milliseconds since the epoch; throws InvalidOffsetInput naming the format. */
export function parseDatetime(text: string): number {
  const trimmed = text.trim();
  // Date.parse wants the colon in the zone offset.
  const normalized = trimmed.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = PATTERN.test(trimmed) ? Date.parse(normalized) : NaN;
  if (Number.isNaN(ms))
    throw new InvalidOffsetInput(
      `invalid datetime "${text}": expected YYYY-MM-DDTHH:mm:SS.sss, optionally with Z or ±HH:MM`,
    );
  return ms;
}
