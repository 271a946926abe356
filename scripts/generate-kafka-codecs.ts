// Generates protocol/kafka/generated/ (the Kafka front end's codec descriptions and types) from
// Apache Kafka's JSON message definitions, read from KAFKA_MESSAGES_DIR (by default the copy CI
// provides beside the repository; never copied into it).
//   tsx scripts/generate-kafka-codecs.ts           writes the files
//   tsx scripts/generate-kafka-codecs.ts --check   regenerates in memory, exits 1 when a file differs
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateKafkaCodecs } from './lib/kafka-codecs.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const definitions = process.env.KAFKA_MESSAGES_DIR ?? join(repo, '..', 'shared', 'reference', 'kafka-messages');
const outputDir = join(repo, 'protocol', 'kafka', 'generated');

if (!existsSync(definitions)) {
  process.stderr.write(`Kafka message definitions not found at ${definitions} (set KAFKA_MESSAGES_DIR)\n`);
  process.exit(1);
}
const files = generateKafkaCodecs((name) => readFileSync(join(definitions, `${name}.json`), 'utf8'));

if (process.argv.includes('--check')) {
  const stale: string[] = [];
  for (const [name, content] of files) {
    const path = join(outputDir, name);
    if (!existsSync(path) || readFileSync(path, 'utf8') !== content) stale.push(name);
  }
  const extra = existsSync(outputDir) ? readdirSync(outputDir).filter((n) => !files.has(n)) : [];
  if (stale.length + extra.length > 0) {
    process.stderr.write(
      `protocol/kafka/generated/ is out of date (${[...stale, ...extra].join(', ')}): run \`npm run generate:kafka\`\n`,
    );
    process.exit(1);
  }
  process.stdout.write('protocol/kafka/generated/ is up to date\n');
} else {
  rmSync(outputDir, { recursive: true, force: true });
  mkdirSync(outputDir, { recursive: true });
  for (const [name, content] of files) writeFileSync(join(outputDir, name), content);
  process.stdout.write(`wrote ${files.size} files to ${outputDir}\n`);
}
