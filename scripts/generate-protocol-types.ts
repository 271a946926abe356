// Generates protocol/generated/messages.ts, the TypeScript shapes of every message in
// protocol/schema.proto, by reading the schema with protobufjs's own reflection.
//   tsx scripts/generate-protocol-types.ts           writes the file
//   tsx scripts/generate-protocol-types.ts --check   regenerates to a temporary file, diffs, exits 1 on drift
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateProtocolTypes } from './lib/protocol-types.js';

const schemaPath = fileURLToPath(new URL('../protocol/schema.proto', import.meta.url));
const outputPath = fileURLToPath(new URL('../protocol/generated/messages.ts', import.meta.url));

const output = generateProtocolTypes(readFileSync(schemaPath, 'utf8'));
if (process.argv.includes('--check')) {
  const dir = mkdtempSync(join(tmpdir(), 'minibroker-generated-'));
  const fresh = join(dir, 'messages.ts');
  writeFileSync(fresh, output);
  // diff shows what drifted; its exit status is 1 on any difference.
  const diff = spawnSync('diff', ['-u', outputPath, fresh], { stdio: 'inherit' });
  rmSync(dir, { recursive: true, force: true });
  if (diff.status !== 0) {
    process.stderr.write(
      'protocol/generated/messages.ts is out of date with protocol/schema.proto: run `npm run generate`\n',
    );
    process.exit(1);
  }
  process.stdout.write('protocol/generated/messages.ts is up to date\n');
} else {
  writeFileSync(outputPath, output);
  process.stdout.write(`wrote ${outputPath}\n`);
}
