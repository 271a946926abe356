// The protocol guide is the contract for clients in other languages: every API and every
// error code must be documented in it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allApis } from '../../../protocol/apis.js';
import { allErrorCodes } from '../../../protocol/errors.js';

const guide = readFileSync(new URL('../../../protocol/README.md', import.meta.url), 'utf8');

describe('protocol/README.md', () => {
  it.each(allApis.map((a) => [a.name, a.key]))('documents API %s (key %i)', (name, key) => {
    expect(guide).toMatch(new RegExp(`^### ${name} \\(key ${key}\\)`, 'm'));
  });

  it.each(allErrorCodes.map((e) => [e.name, e.code]))('documents error %s (%i)', (name, code) => {
    expect(guide).toMatch(new RegExp(`^\\| ${code} \\| ${name} \\|`, 'm'));
  });
});
