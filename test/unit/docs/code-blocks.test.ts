import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { extractBlocks, readBlocks, toModule, typeCheckBlocks } from './code-blocks.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const markdown = [
  'README.md',
  ...readdirSync(path.join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('code blocks of the README and docs/', () => {
  it('extracts ts blocks with their line, and skips the ones marked fragment', () => {
    const md = ['# t', '```ts', 'const a = 1;', '```', '```ts fragment', 'a.b;', '```', '```sh', 'ls', '```', ''].join(
      '\n',
    );
    expect(extractBlocks('x.md', md)).toEqual([{ file: 'x.md', line: 3, code: 'const a = 1;\n' }]);
  });

  it('points the package names at the source', () => {
    const out = toModule(
      'import { Client } from \'minibroker\';\nimport { startBroker } from "minibroker/server";',
      '/r',
    );
    expect(out).toContain("from '/r/client-sdk/index.js'");
    expect(out).toContain('from "/r/server/index.js"');
  });

  it('reports a block that does not compile, at its line in the markdown', () => {
    const errors = typeCheckBlocks(
      [{ file: 'x.md', line: 10, code: "import { Client } from 'minibroker';\nnew Client({ clientId: 1 });\n" }],
      root,
    );
    expect(errors.map((e) => e.message)).toEqual([
      expect.stringMatching(/^x\.md:11: Type 'number' is not assignable to type 'string'/),
    ]);
  });

  it('every ts block compiles under strict TypeScript', () => {
    const blocks = readBlocks(root, markdown);
    expect(blocks.length).toBeGreaterThan(10);
    expect(typeCheckBlocks(blocks, root).map((e) => e.message)).toEqual([]);
  });
});
