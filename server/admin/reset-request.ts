// The admin API's offsets-reset body (`to` and `value`) turned into the shared reset spec; a bad
// value answers INVALID_REQUEST naming the field. Besides the CLI's texts, JSON callers may give
// a datetime as epoch milliseconds and a duration as milliseconds.
import { InvalidOffsetInput, parseDatetime, parseDuration, type ResetSpec } from '../../protocol/offsets/index.js';
import { AdminError } from './admin-error.js';

export const RESET_STRATEGIES = ['earliest', 'latest', 'offset', 'shift', 'datetime', 'duration'] as const;
export type ResetStrategy = (typeof RESET_STRATEGIES)[number];

export interface ResetRequest {
  to: ResetStrategy;
  /** offset: the offset; shift: +/- records; datetime: ISO 8601 or epoch ms; duration: ISO 8601 (PT15M) or ms back from now. */
  value?: string | number;
}

export function resetSpecOf(request: ResetRequest, now: number): ResetSpec {
  switch (request.to) {
    case 'earliest':
      return { to: 'earliest' };
    case 'latest':
      return { to: 'latest' };
    case 'offset':
      return { to: 'offset', offset: integerValue(request.value, 'an offset') };
    case 'shift':
      return { to: 'shift', by: integerValue(request.value, 'a number of records to shift by (negative moves back)') };
    case 'datetime':
      return { to: 'datetime', timestamp: millisOr(request.value, parseDatetime) };
    case 'duration':
      return { to: 'datetime', timestamp: now - millisOr(request.value, parseDuration) };
  }
}

function integerValue(value: unknown, what: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n))
    throw invalidValue(`value must be ${what} (an integer), got ${JSON.stringify(value)}`);
  return n;
}

/** A non-negative number of milliseconds as is, or the text through the shared grammar. */
function millisOr(value: unknown, parse: (text: string) => number): number {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return value;
  if (typeof value !== 'string') throw invalidValue(`value is required, got ${JSON.stringify(value)}`);
  try {
    return parse(value);
  } catch (err) {
    if (err instanceof InvalidOffsetInput) throw invalidValue(`value: ${err.message}, or milliseconds`);
    throw err;
  }
}

function invalidValue(message: string): AdminError {
  return new AdminError('INVALID_REQUEST', message, 'value');
}
