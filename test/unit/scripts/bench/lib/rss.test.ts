import { describe, expect, it } from 'vitest';
import { parseVmRssBytes } from '../../../../../scripts/bench/lib/rss.js';

describe('parseVmRssBytes', () => {
  it('reads the VmRSS line in kB as bytes', () => {
    const status = 'Name:\tnode\nVmPeak:\t  900000 kB\nVmRSS:\t   51200 kB\nRssAnon:\t   40000 kB\n';
    expect(parseVmRssBytes(status)).toBe(51200 * 1024);
  });

  it('throws when there is no VmRSS line (a zombie process)', () => {
    expect(() => parseVmRssBytes('Name:\tnode\nState:\tZ (zombie)\n')).toThrow(/VmRSS/);
  });
});
