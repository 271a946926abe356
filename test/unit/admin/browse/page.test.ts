import { describe, expect, it } from 'vitest';
import type { Cursor } from '../../../../server/admin/browse/cursor.js';
import { readPage, type PageLimits } from '../../../../server/admin/browse/page.js';
import type { RecordFilter } from '../../../../server/admin/browse/scan.js';
import { FakeLog } from './fake-log.js';

const limits = (records: number, bytes = 1 << 20): PageLimits => ({ records, bytes, scanBytes: 1 << 24 });
const id = (r: { partition: number; offset: number }) => `${r.partition}:${r.offset}`;

/** Two partitions whose records interleave in time: p0 at even times, p1 at odd. */
function twoPartitions() {
  const p0 = new FakeLog(0);
  const p1 = new FakeLog(1);
  for (let i = 0; i < 7; i++) p0.append([{ value: `a${i}`, timestamp: 1000 + 2 * i }]);
  for (let i = 0; i < 5; i++) p1.append([{ value: `b${i}`, timestamp: 1001 + 2 * i }]);
  return [p0, p1];
}

function pageAll(logs: FakeLog[], first: Cursor, size: number, filter: RecordFilter = {}) {
  const seen: string[] = [];
  let cursor: Cursor | undefined = first;
  let pages = 0;
  while (cursor) {
    const page = readPage(logs, cursor, filter, limits(size));
    expect(page.records.length).toBeLessThanOrEqual(size);
    seen.push(...page.records.map(id));
    cursor = page.next;
    if (++pages > 100) throw new Error('paging does not end');
  }
  return seen;
}

describe('readPage', () => {
  it('pages forward over all partitions oldest first, every record once', () => {
    const logs = twoPartitions();
    const start: Cursor = {
      direction: 'forward',
      positions: new Map([
        [0, 0],
        [1, 0],
      ]),
    };
    const first = readPage(logs, start, {}, limits(4));
    expect(first.records.map(id)).toEqual(['0:0', '1:0', '0:1', '1:1']);
    expect(first.next?.positions).toEqual(
      new Map([
        [0, 2],
        [1, 2],
      ]),
    );
    expect(pageAll(logs, start, 5)).toEqual([
      '0:0',
      '1:0',
      '0:1',
      '1:1',
      '0:2',
      '1:2',
      '0:3',
      '1:3',
      '0:4',
      '1:4',
      '0:5',
      '0:6',
    ]);
  });

  it('pages backward newest first, every record once, and ends at the log start', () => {
    const logs = twoPartitions();
    const start: Cursor = {
      direction: 'backward',
      positions: new Map([
        [0, 7],
        [1, 5],
      ]),
    };
    expect(readPage(logs, start, {}, limits(3)).records.map(id)).toEqual(['0:6', '0:5', '1:4']);
    const all = pageAll(logs, start, 4);
    expect(all).toHaveLength(12);
    expect(new Set(all).size).toBe(12);
    expect(all.slice(-2)).toEqual(['1:0', '0:0']);
  });

  it('filters across pages without losing matches', () => {
    const logs = twoPartitions();
    const start: Cursor = {
      direction: 'forward',
      positions: new Map([
        [0, 0],
        [1, 0],
      ]),
    };
    expect(pageAll(logs, start, 1, { value: '3' })).toEqual(['0:3', '1:3']);
  });

  it('cuts a page at the byte limit but always returns one record', () => {
    const log = new FakeLog();
    for (let i = 0; i < 4; i++) log.append([{ value: Buffer.alloc(1000, i) }]);
    const start: Cursor = { direction: 'forward', positions: new Map([[0, 0]]) };
    const page = readPage([log], start, {}, limits(10, 1500));
    expect(page.records.map((r) => r.offset)).toEqual([0, 1]);
    expect(page.next?.positions.get(0)).toBe(2);
    expect(readPage([log], start, {}, limits(10, 10)).records).toHaveLength(1);
  });

  it('has no next page once every partition is read to its end', () => {
    const log = new FakeLog().fill(3);
    const page = readPage([log], { direction: 'forward', positions: new Map([[0, 0]]) }, {}, limits(3));
    expect(page.records).toHaveLength(3);
    expect(page.next).toBeUndefined();
  });
});

describe('readPage scan budget', () => {
  it('stays within the page budget over many partitions, and the partitions left go on next page', () => {
    const logs = Array.from({ length: 8 }, (_, p) => new FakeLog(p).fill(400, 'x'));
    const perLog = logs[0]!.read(0, Number.MAX_SAFE_INTEGER).batches.reduce((n, b) => n + b.length, 0);
    logs[0]!.bytesRead = 0;
    const start: Cursor = { direction: 'forward', positions: new Map(logs.map((l) => [l.partition, 0])) };
    // Room for a little over two partitions' worth; a filter that matches nothing reads as far as it may.
    const page = readPage(
      logs,
      start,
      { value: 'needle' },
      { records: 10, bytes: 1 << 20, scanBytes: perLog * 2 + 100 },
    );
    const read = logs.reduce((n, l) => n + l.bytesRead, 0);
    expect(page.records).toEqual([]);
    expect(read).toBeLessThanOrEqual(perLog * 2 + 100 + 200);
    expect(page.next?.positions.get(7)).toBe(0); // not reached this time
    expect(page.next?.positions.get(0)).toBeGreaterThan(0);
  });
});
