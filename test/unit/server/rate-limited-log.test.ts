import { describe, expect, it } from 'vitest';
import type { Logger } from '../../../server/logger.js';
import { RateLimitedLog } from '../../../server/rate-limited-log.js';

function recorder() {
  const lines: [Record<string, unknown>, string][] = [];
  const log = {
    warn: (fields: Record<string, unknown>, message: string) => lines.push([fields, message]),
  } as unknown as Logger;
  return { lines, log };
}

describe('RateLimitedLog', () => {
  it('logs one line per interval and says how many were left out', () => {
    const { lines, log } = recorder();
    const clock = { now: 0 };
    const limited = new RateLimitedLog(log, 1000, () => clock.now);
    limited.warn({ n: 1 }, 'refused');
    clock.now = 500;
    limited.warn({ n: 2 }, 'refused');
    limited.warn({ n: 3 }, 'refused');
    expect(lines).toEqual([[{ n: 1 }, 'refused']]);
    clock.now = 1000;
    limited.warn({ n: 4 }, 'refused');
    clock.now = 2500;
    limited.warn({ n: 5 }, 'refused');
    expect(lines).toEqual([
      [{ n: 1 }, 'refused'],
      [{ n: 4, suppressedSinceLastLine: 2 }, 'refused'],
      [{ n: 5 }, 'refused'],
    ]);
  });
});
