// The reset scenario from the options: exactly one of --to-earliest, --to-latest, --to-offset,
// --shift-by, --to-datetime or --by-duration, as kafka-consumer-groups.
import { parseDatetime, parseDuration, type ResetSpec } from '../../protocol/offsets/index.js';

export interface ResetOptions {
  toEarliest?: boolean;
  toLatest?: boolean;
  toOffset?: number;
  shiftBy?: number;
  toDatetime?: string;
  byDuration?: string;
}

const FLAGS: Record<keyof ResetOptions, string> = {
  toEarliest: '--to-earliest',
  toLatest: '--to-latest',
  toOffset: '--to-offset',
  shiftBy: '--shift-by',
  toDatetime: '--to-datetime',
  byDuration: '--by-duration',
};

export function parseResetSpec(options: ResetOptions, now = Date.now()): ResetSpec {
  const given = (Object.keys(FLAGS) as (keyof ResetOptions)[]).filter(
    (k) => options[k] !== undefined && options[k] !== false,
  );
  if (given.length !== 1) {
    const what = given.length === 0 ? 'one' : `only one (got ${given.map((k) => FLAGS[k]).join(', ')})`;
    throw new Error(`give ${what} of ${Object.values(FLAGS).join(', ')}`);
  }
  switch (given[0]!) {
    case 'toEarliest':
      return { to: 'earliest' };
    case 'toLatest':
      return { to: 'latest' };
    case 'toOffset':
      return { to: 'offset', offset: options.toOffset! };
    case 'shiftBy':
      return { to: 'shift', by: options.shiftBy! };
    case 'toDatetime':
      return { to: 'datetime', timestamp: parseDatetime(options.toDatetime!) };
    case 'byDuration':
      return { to: 'datetime', timestamp: now - parseDuration(options.byDuration!) };
  }
}
