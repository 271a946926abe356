import { describe, expect, it } from 'vitest';
import {
  NoCommittedOffset,
  planOffsetReset,
  type ResetSpec,
  type ResetTarget,
} from '../../../../protocol/offsets/index.js';

const committed: ResetTarget = {
  topic: 'orders',
  partition: 0,
  logStartOffset: 2,
  logEndOffset: 10,
  committedOffset: 5,
};
const uncommitted: ResetTarget = {
  topic: 'orders',
  partition: 1,
  logStartOffset: 0,
  logEndOffset: 4,
  committedOffset: null,
};
const T0 = Date.parse('2024-05-01T12:00:00Z');
// One record per second from T0 on, offset = seconds since T0; null past the last record.
const byTime = (_topic: string, partition: number, ts: number) => {
  const offset = Math.max(0, Math.ceil((ts - T0) / 1000));
  return offset < (partition === 0 ? 10 : 4) ? offset : null;
};
const plan = (spec: ResetSpec, targets = [committed, uncommitted]) =>
  planOffsetReset(spec, targets, byTime).map((o) => [o.current, o.next]);

describe('planOffsetReset', () => {
  it('earliest and latest go to the log start and end', () => {
    expect(plan({ to: 'earliest' })).toEqual([
      [5, 2],
      [null, 0],
    ]);
    expect(plan({ to: 'latest' })).toEqual([
      [5, 10],
      [null, 4],
    ]);
  });

  it('offset is clamped into [log start, log end], as Kafka does', () => {
    expect(plan({ to: 'offset', offset: 3 })).toEqual([
      [5, 3],
      [null, 3],
    ]);
    expect(plan({ to: 'offset', offset: 100 })).toEqual([
      [5, 10],
      [null, 4],
    ]);
    expect(plan({ to: 'offset', offset: 0 })).toEqual([
      [5, 2],
      [null, 0],
    ]);
  });

  it('shift moves from the committed offset, clamped to the log', () => {
    expect(plan({ to: 'shift', by: -2 }, [committed])).toEqual([[5, 3]]);
    expect(plan({ to: 'shift', by: 3 }, [committed])).toEqual([[5, 8]]);
    expect(plan({ to: 'shift', by: -100 }, [committed])).toEqual([[5, 2]]);
    expect(plan({ to: 'shift', by: 100 }, [committed])).toEqual([[5, 10]]);
  });

  it('refuses to shift a partition the group never committed, as kafka-consumer-groups does', () => {
    const refusal = () => plan({ to: 'shift', by: -2 });
    expect(refusal).toThrow(NoCommittedOffset);
    expect(refusal).toThrow('cannot shift orders/1: the group has no committed offset for it');
  });

  it('datetime takes the first offset at or after the time, the log end when none', () => {
    expect(plan({ to: 'datetime', timestamp: T0 + 3000 })).toEqual([
      [5, 3],
      [null, 3],
    ]);
    expect(plan({ to: 'datetime', timestamp: T0 - 60_000 })).toEqual([
      [5, 2],
      [null, 0],
    ]);
    expect(plan({ to: 'datetime', timestamp: T0 + 3_600_000 })).toEqual([
      [5, 10],
      [null, 4],
    ]);
  });
});
