// The chaos suite's pure checks (scripts/chaos/lib) must be able to fail: each is fed a
// deliberately broken history and must report it.
import { describe, expect, it } from 'vitest';
import { allApis } from '../../protocol/apis.js';
import { decodeRequestFrame } from '../../protocol/envelope.js';
import { FrameFuzzer } from '../../scripts/chaos/lib/fuzz-frames.js';
import { percentile } from '../../scripts/chaos/lib/latency.js';
import {
  checkLog,
  CommitWatch,
  type AcknowledgedRecord,
  type StoredRecord,
} from '../../scripts/chaos/lib/log-check.js';
import { checkProcessing, type ProcessingEvent } from '../../scripts/chaos/lib/processing-check.js';
import { Random } from '../../scripts/chaos/lib/random.js';

const acked: AcknowledgedRecord[] = [0, 1, 2, 3].map((offset) => ({ partition: 0, offset, value: `v${offset}` }));
const stored = (records: [number, string][]) =>
  new Map<number, StoredRecord[]>([[0, records.map(([offset, value]) => ({ offset, value }))]]);

describe('checkLog', () => {
  it('passes a log holding every acknowledged record at its offset', () => {
    const check = checkLog(
      acked,
      stored([
        [0, 'v0'],
        [1, 'v1'],
        [2, 'v2'],
        [3, 'v3'],
        [4, 'unacknowledged'],
      ]),
    );
    expect(check).toMatchObject({ ok: true, missing: 0, misplaced: 0, offsetBreaks: 0, stored: 5 });
  });

  it('reports a dropped record as missing and as a gap', () => {
    const check = checkLog(
      acked,
      stored([
        [0, 'v0'],
        [1, 'v1'],
        [3, 'v3'],
      ]),
    );
    expect(check).toMatchObject({ ok: false, missing: 1, offsetBreaks: 1 });
  });

  it('reports a record stored at another offset than acknowledged', () => {
    const check = checkLog(
      acked,
      stored([
        [0, 'v0'],
        [1, 'v2'],
        [2, 'v1'],
        [3, 'v3'],
      ]),
    );
    expect(check).toMatchObject({ ok: false, missing: 0, misplaced: 2 });
  });

  it('reports repeated offsets and a log that does not start at the log start', () => {
    expect(
      checkLog(
        [],
        stored([
          [0, 'a'],
          [0, 'b'],
        ]),
      ).offsetBreaks,
    ).toBe(1);
    expect(checkLog([], stored([[1, 'a']])).offsetBreaks).toBe(1);
  });
});

describe('CommitWatch', () => {
  it('counts a committed offset that goes backwards', () => {
    const watch = new CommitWatch();
    watch.note(0, 5, 'acknowledged');
    watch.note(0, 5, 'stored');
    watch.note(1, 2, 'acknowledged');
    expect(watch.regressions).toEqual([]);
    watch.note(0, 4, 'stored after restart');
    expect(watch.regressions).toEqual(['partition 0: stored after restart 4 after 5']);
  });
});

describe('checkProcessing', () => {
  const processed = (offset: number): ProcessingEvent => ({ kind: 'processed', partition: 0, offset });
  const committed = (offset: number): ProcessingEvent => ({ kind: 'committed', partition: 0, offset });
  const ends = new Map([[0, 4]]);

  it('accepts repeats at or past the last commit (the uncommitted window)', () => {
    const check = checkProcessing(
      [processed(0), processed(1), committed(1), processed(2), processed(1), processed(2), processed(3)],
      ends,
    );
    expect(check).toMatchObject({ ok: true, missing: 0, duplicates: 2, duplicatesBelowCommit: 0 });
  });

  it('reports a record never processed, and whether a commit skipped it', () => {
    expect(checkProcessing([processed(0), processed(1), processed(3)], ends)).toMatchObject({
      ok: false,
      missing: 1,
      missingBelowCommit: 0,
    });
    expect(checkProcessing([processed(0), committed(3), processed(3)], ends)).toMatchObject({
      ok: false,
      missing: 2,
      missingBelowCommit: 2,
    });
  });

  it('reports a repeat below a commit and a commit that goes backwards', () => {
    const check = checkProcessing(
      [processed(0), processed(1), committed(2), processed(0), committed(1), processed(2), processed(3)],
      ends,
    );
    expect(check).toMatchObject({ ok: false, duplicatesBelowCommit: 1, commitRegressions: 1 });
  });
});

describe('chaos helpers', () => {
  it('percentile is nearest-rank', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(samples, 50), percentile(samples, 99), percentile(samples, 100), percentile([7], 99)]).toEqual([
      50, 99, 100, 7,
    ]);
  });

  it('Random repeats its sequence for a seed', () => {
    const draw = (seed: number) => ((r) => Array.from({ length: 5 }, () => r.int(0, 1000)))(new Random(seed));
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('the fuzzer is deterministic and starts from a valid request of every API', () => {
    const frames = (seed: number) =>
      Array.from(
        { length: 200 },
        (
          (f) => () =>
            f.next().bytes.toString('hex')
        )(new FrameFuzzer(seed)),
      );
    expect(frames(3)).toEqual(frames(3));
    expect(frames(3)).not.toEqual(frames(4));
    expect(FrameFuzzer.apiKeys.sort((a, b) => a - b)).toEqual(allApis.map((a) => a.key).sort((a, b) => a - b));
    const fuzzer = new FrameFuzzer(5);
    const valid = Array.from({ length: 2000 }, () => fuzzer.next()).filter((f) => f.kind === 'valid');
    const keys = new Set(valid.map((f) => decodeRequestFrame(f.bytes.subarray(4)).apiKey));
    expect(keys.size).toBe(allApis.length);
  });
});
