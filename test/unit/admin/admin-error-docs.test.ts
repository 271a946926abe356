// Every admin error code is in docs/admin.md with its status (fastify's habit: undocumented codes fail).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { adminErrors } from '../../../server/admin/admin-error.js';

describe('admin error codes', () => {
  const doc = readFileSync(new URL('../../../docs/admin.md', import.meta.url), 'utf8');
  it.each(Object.entries(adminErrors))('%s is documented with its status', (code, [status]) => {
    expect(doc).toMatch(new RegExp(`\\| \`${code}\` \\| ${status} \\|`));
  });
});
