// kcat (librdkafka) against minibroker: metadata, produce with keys, consume, and consume in a
// group (-G). kcat is installed by .ci/run (Debian package kcat); without it these tests are
// skipped, saying so.
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { useBrokerFixtures } from '../../helpers/broker.js';

const run = promisify(execFile);
const haveKcat = spawnSync('kcat', ['-V'], { stdio: 'ignore' }).status === 0;
if (!haveKcat) console.warn('kcat tests not run: kcat is missing (apt-get install -y kcat)');

const fixtures = useBrokerFixtures();

async function kcat(port: number, args: string[], input?: string): Promise<string> {
  const child = run('kcat', ['-b', `127.0.0.1:${port}`, ...args], { timeout: 8000 });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  return (await child).stdout;
}

// Skipped only off CI, saying so: on CI a missing kcat must fail, not hide the tests.
const runKcatTests = haveKcat || Boolean(process.env.CI);
if (!runKcatTests) console.warn('kcat tests not run: kcat is missing');

describe.runIf(runKcatTests)('kcat', () => {
  it('lists metadata, produces keyed messages and consumes them, alone and in a group', async () => {
    const b = await fixtures.broker();
    b.services.topics.create('lines', 1);

    const metadata = JSON.parse(await kcat(b.port, ['-L', '-J'])) as { topics: { topic: string }[] };
    expect(metadata.topics.map((t) => t.topic)).toContain('lines');

    await kcat(b.port, ['-P', '-t', 'lines', '-K', ':'], 'k1:first\nk2:second\n');
    const consumed = await kcat(b.port, ['-C', '-t', 'lines', '-o', 'beginning', '-e', '-f', '%k=%s\\n']);
    expect(consumed.trim().split('\n')).toEqual(['k1=first', 'k2=second']);

    const grouped = await kcat(b.port, ['-G', 'kcat-group', '-o', 'beginning', '-e', '-f', '%s\\n', 'lines']);
    expect(grouped.trim().split('\n')).toEqual(['first', 'second']);
  });
});
