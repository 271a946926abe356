import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { findOnPath } from '../../../../../scripts/bench/lib/bench-system.js';

describe('findOnPath', () => {
  const savedPath = process.env.PATH;
  const dir = mkdtempSync(join(tmpdir(), 'find-on-path-'));
  afterEach(() => {
    process.env.PATH = savedPath;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds an executable file in a PATH folder and ignores one that is not executable', () => {
    writeFileSync(join(dir, 'peer-server'), '#!/bin/sh\n');
    chmodSync(join(dir, 'peer-server'), 0o755);
    writeFileSync(join(dir, 'not-executable'), '');
    chmodSync(join(dir, 'not-executable'), 0o644);
    process.env.PATH = ['/nonexistent', dir].join(delimiter);
    expect(findOnPath('peer-server')).toBe(join(dir, 'peer-server'));
    expect(findOnPath('not-executable')).toBeUndefined();
    expect(findOnPath('absent-server')).toBeUndefined();
  });
});
