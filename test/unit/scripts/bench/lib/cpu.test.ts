import { describe, expect, it } from 'vitest';
import { parseStatCpuTicks } from '../../../../../scripts/bench/lib/cpu.js';

// pid 4242, a command name with a space and a parenthesis, utime 150, stime 30, cutime 7, cstime 3.
const STAT = '4242 (redis-server (x) 1) S 1 4242 4242 0 -1 4194560 900 0 0 0 150 30 7 3 20 0 4 0 123 456 789';

describe('parseStatCpuTicks', () => {
  it('sums utime, stime, cutime and cstime, counting fields after the command name', () => {
    expect(parseStatCpuTicks(STAT)).toBe(190);
  });

  it('rejects a line that is too short', () => {
    expect(() => parseStatCpuTicks('1 (x) S 1 2 3')).toThrow(/unexpected/);
  });
});
