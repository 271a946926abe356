// The checkpointer's retry policy with fake workers and fake timers: capped exponential backoff,
// a fresh worker after each failure, sparse warnings, one info line on recovery, clean close.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckpointWorker } from '../../../server/storage/checkpoint-worker.js';
import { Checkpointer } from '../../../server/storage/checkpointer.js';

function harness(outcomes: ('ok' | 'fail')[]) {
  const lines: { level: number; msg: string; retryInMs?: number; failures?: number }[] = [];
  const log = pino(
    { level: 'debug' },
    new Writable({ write: (chunk, _e, done) => (lines.push(JSON.parse(String(chunk))), done()) }),
  );
  const attempts: number[] = [];
  const workers: { closed: boolean }[] = [];
  let calls = 0;
  const createWorker = (): CheckpointWorker => {
    const state = { closed: false };
    workers.push(state);
    return {
      checkpoint: async () => {
        attempts.push(Date.now());
        const outcome = outcomes[calls++] ?? 'ok';
        if (outcome === 'fail') throw new Error('SQLITE_BUSY');
      },
      close: async () => void (state.closed = true),
    };
  };
  const checkpointer = new Checkpointer(createWorker, log, { retryBackoffMs: 100, retryBackoffMaxMs: 1000 });
  return { checkpointer, lines, attempts, workers };
}

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe('Checkpointer', () => {
  it('retries with capped exponential backoff until a checkpoint succeeds', async () => {
    const h = harness(['fail', 'fail', 'fail', 'fail', 'fail', 'fail', 'ok']);
    h.checkpointer.request();
    await vi.runAllTimersAsync();
    const gaps = h.attempts.slice(1).map((t, i) => t - h.attempts[i]!);
    expect(gaps).toEqual([100, 200, 400, 800, 1000, 1000]);
    // Warnings at the 1st, 2nd and 4th failure in a row, then one info line when it works again.
    expect(h.lines.filter((l) => l.level === 40).map((l) => [l.failures, l.retryInMs])).toEqual([
      [1, 100],
      [2, 200],
      [4, 800],
    ]);
    expect(h.lines.filter((l) => l.level === 30)).toEqual([
      expect.objectContaining({ msg: 'WAL checkpoints resumed', failures: 6 }),
    ]);
    // Each failure retired its worker; the one that worked is kept.
    expect(h.workers.map((w) => w.closed)).toEqual([true, true, true, true, true, true, false]);
    h.checkpointer.request();
    await vi.runAllTimersAsync();
    expect(h.attempts).toHaveLength(8);
    expect(h.workers).toHaveLength(7);
  });

  it('runs one more checkpoint for requests made while one was running; a retry covers requests made before it', async () => {
    const h = harness(['ok', 'ok', 'fail', 'ok']);
    h.checkpointer.request();
    h.checkpointer.request(); // while running: the WAL may have grown since it started
    h.checkpointer.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.attempts).toEqual([0, 0]);
    h.checkpointer.request(); // fails; the retry starts after every request below
    await vi.advanceTimersByTimeAsync(50);
    h.checkpointer.request();
    h.checkpointer.request();
    await vi.runAllTimersAsync();
    expect(h.attempts).toEqual([0, 0, 0, 100]);
  });

  it('stops retrying once closed and closes its worker', async () => {
    const h = harness(['ok', 'fail', 'fail']);
    h.checkpointer.request();
    await vi.advanceTimersByTimeAsync(0);
    h.checkpointer.request();
    await vi.advanceTimersByTimeAsync(0);
    expect(h.attempts).toHaveLength(2);
    await h.checkpointer.close();
    await vi.runAllTimersAsync();
    expect(h.attempts).toHaveLength(2);
    h.checkpointer.request();
    expect(h.attempts).toHaveLength(2);
    expect(h.workers.every((w) => w.closed)).toBe(true);
  });
});
