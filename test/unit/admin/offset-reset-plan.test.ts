import { describe, expect, it } from 'vitest';
import { AdminError } from '../../../server/admin/admin-error.js';
import { parseDuration, planOffsetReset, type ResetTarget } from '../../../server/admin/offset-reset-plan.js';

const targets: ResetTarget[] = [
  { topic: 'orders', partition: 0, logStartOffset: 2, logEndOffset: 10, committedOffset: 5 },
  { topic: 'orders', partition: 1, logStartOffset: 0, logEndOffset: 4, committedOffset: null },
];
const NOW = Date.parse('2024-05-01T12:00:00Z');
// Offsets by timestamp: one record per second from NOW - 10 s, offset = seconds since then.
const byTime = (_topic: string, partition: number, ts: number) => Math.max(0, Math.min(Math.ceil((ts - (NOW - 10_000)) / 1000), partition === 0 ? 10 : 4));
const plan = (to: Parameters<typeof planOffsetReset>[0]) => planOffsetReset(to, targets, byTime, NOW).map((o) => [o.current, o.next]);

describe('planOffsetReset', () => {
  it('earliest and latest go to the log start and end', () => {
    expect(plan({ to: 'earliest' })).toEqual([[5, 2], [null, 0]]);
    expect(plan({ to: 'latest' })).toEqual([[5, 10], [null, 4]]);
  });
  it('offset is clamped to the log, as Kafka does', () => {
    expect(plan({ to: 'offset', value: 3 })).toEqual([[5, 3], [null, 3]]);
    expect(plan({ to: 'offset', value: '100' })).toEqual([[5, 10], [null, 4]]);
    expect(plan({ to: 'offset', value: 0 })).toEqual([[5, 2], [null, 0]]);
  });
  it('shift moves from the committed offset (the log start when never committed)', () => {
    expect(plan({ to: 'shift', value: -2 })).toEqual([[5, 3], [null, 0]]);
    expect(plan({ to: 'shift', value: '+3' })).toEqual([[5, 8], [null, 3]]);
  });
  it('datetime and duration look offsets up by timestamp', () => {
    expect(plan({ to: 'datetime', value: '2024-05-01T11:59:55Z' })).toEqual([[5, 5], [null, 4]]);
    expect(plan({ to: 'datetime', value: NOW - 7000 })).toEqual([[5, 3], [null, 3]]);
    expect(plan({ to: 'duration', value: 'PT3S' })).toEqual([[5, 7], [null, 4]]);
    expect(plan({ to: 'duration', value: 8000 })).toEqual([[5, 2], [null, 2]]);
  });
  it('refuses a missing or malformed value, naming the field', () => {
    for (const spec of [{ to: 'offset' }, { to: 'shift', value: 'x' }, { to: 'datetime', value: 'yesterday' }, { to: 'duration', value: '15 minutes' }] as const) {
      let error: unknown;
      try {
        plan(spec);
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(AdminError);
      expect((error as AdminError).field).toBe('value');
      expect((error as AdminError).statusCode).toBe(400);
    }
  });
});

describe('parseDuration', () => {
  it('reads kafka-consumer-groups PnDTnHnMnS durations', () => {
    expect(parseDuration('PT15M')).toBe(900_000);
    expect(parseDuration('P1DT2H')).toBe(26 * 3_600_000);
    expect(parseDuration('PT1.5S')).toBe(1500);
    expect(() => parseDuration('PT')).toThrow(AdminError);
  });
});
