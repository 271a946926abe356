import { describe, expect, it } from 'vitest';
import { matches, scanBackward, scanForward } from '../../../../server/admin/browse/scan.js';
import { FakeLog } from './fake-log.js';

const big = () => ({ bytes: Number.MAX_SAFE_INTEGER });
const offsets = (scan: { records: { offset: number }[] }) => scan.records.map((r) => r.offset);

describe('record filter', () => {
  it('matches key and value substrings on the stored bytes; a null key or value matches no substring', () => {
    const record = { offset: 0, timestamp: 0, key: Buffer.from('user-42'), value: Buffer.from('{"a":1}'), headers: {} };
    expect(matches(record, {})).toBe(true);
    expect(matches(record, { key: 'r-4', value: '"a"' })).toBe(true);
    expect(matches(record, { key: 'user-43' })).toBe(false);
    expect(matches({ ...record, value: null }, { value: 'a' })).toBe(false);
  });
});

describe('scanForward', () => {
  it('reads `limit` records from an offset inside a multi-record batch and says where it stopped', () => {
    const log = new FakeLog().append(['a', 'b', 'c', 'd', 'e'].map((value) => ({ value }))).fill(3);
    const scan = scanForward(log, 2, 4, {}, big());
    expect(offsets(scan)).toEqual([2, 3, 4, 5]);
    expect(scan.reached).toBe(6);
    expect(scan.records.every((r) => r.partition === 0)).toBe(true);
  });

  it('skips records the filter refuses and stops at the log end', () => {
    const log = new FakeLog().fill(20);
    const scan = scanForward(log, 0, 5, { value: 'v1' }, big());
    expect(offsets(scan)).toEqual([1, 10, 11, 12, 13]);
    const rest = scanForward(log, scan.reached, 50, { value: 'v1' }, big());
    expect(offsets(rest)).toEqual([14, 15, 16, 17, 18, 19]);
    expect(rest.reached).toBe(20);
  });

  it('stops once its byte budget is spent, leaving the position to go on from', () => {
    const log = new FakeLog().fill(200, 'x');
    log.append([{ value: 'needle' }]);
    const budget = { bytes: 2000 };
    const scan = scanForward(log, 0, 10, { value: 'needle' }, budget);
    expect(scan.records).toEqual([]);
    expect(scan.reached).toBeGreaterThan(0);
    expect(scan.reached).toBeLessThan(200);
    expect(log.bytesRead).toBeLessThan(2200); // the budget and at most one batch over it
    let at = scan.reached;
    let found: number[] = [];
    while (found.length === 0 && at < log.logEndOffset) {
      const next = scanForward(log, at, 10, { value: 'needle' }, { bytes: 2000 });
      found = offsets(next);
      at = next.reached;
    }
    expect(found).toEqual([200]);
  });
});

describe('scanBackward', () => {
  it('returns the newest `limit` records below the bound, in offset order', () => {
    const log = new FakeLog().fill(50);
    const scan = scanBackward(log, 50, 3, {}, big());
    expect(offsets(scan)).toEqual([47, 48, 49]);
    expect(scan.reached).toBe(47);
    expect(offsets(scanBackward(log, scan.reached, 3, {}, big()))).toEqual([44, 45, 46]);
  });

  it('finds a sparse match far back by widening its window', () => {
    const log = new FakeLog();
    log.append([{ key: 'only', value: 'needle' }]).fill(500);
    const scan = scanBackward(log, log.logEndOffset, 5, { key: 'only' }, big());
    expect(offsets(scan)).toEqual([0]);
    expect(scan.reached).toBe(0);
  });

  it('stops at the log start and keeps its bound when the budget runs out', () => {
    const log = new FakeLog().fill(10);
    log.logStartOffset = 4;
    expect(offsets(scanBackward(log, 10, 100, {}, big()))).toEqual([4, 5, 6, 7, 8, 9]);
    const starved = scanBackward(log, 10, 100, {}, { bytes: 0 });
    expect(starved).toEqual({ partition: 0, records: [], reached: 10 });
  });
});
