// Issue 6's benchmark: how fast a broker is ready (accepting and answering ApiVersions) —
// embedded with startBroker() in memory, and as `minibroker start --memory --port 0` from process
// launch — and how long the example service's whole integration test file takes.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from '../../server/index.js';
import { probeApiVersions } from './lib/api-versions-probe.js';
import { cliStartToServingMs } from './lib/cli-start.js';
import { elapsedMs, fmt, median, repeat, report } from './lib/stats.js';

const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 20);
const EXAMPLE_TEST = 'test/integration/example-order-service.test.ts';

async function embeddedRun(): Promise<number> {
  const start = process.hrtime.bigint();
  const broker = await startBroker({ port: 0 });
  await probeApiVersions(broker.host, broker.port);
  const ms = elapsedMs(start);
  await broker.close();
  return ms;
}

const cliRun = () => cliStartToServingMs(['--memory', '--http-port', '0']);

/** The example's test file as a user runs it: wall time of `npx vitest run <file>`, and vitest's own test time. */
async function exampleTestRun(): Promise<{ wallMs: number; testsMs: number; passed: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'minibroker-bench-'));
  const report = join(dir, 'report.json');
  try {
    const start = process.hrtime.bigint();
    const code = await new Promise<number | null>((resolve) => {
      const child = spawn('npx', ['vitest', 'run', EXAMPLE_TEST, '--reporter=json', `--outputFile=${report}`], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      child.once('exit', resolve);
    });
    const wallMs = elapsedMs(start);
    const result = JSON.parse(readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      testResults: { startTime: number; endTime: number }[];
    };
    if (code !== 0) throw new Error(`${EXAMPLE_TEST} failed (exit ${code})`);
    const file = result.testResults[0]!;
    return { wallMs, testsMs: file.endTime - file.startTime, passed: result.numPassedTests };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchStartup(): Promise<string[]> {
  const lines: string[] = [];
  const embedded = await repeat(RUNS, embeddedRun);
  lines.push(
    report(
      'startBroker() in memory, ready',
      `${fmt(median(embedded), 1)} ms`,
      `median of ${RUNS} (target ≤ 30 ms); first ${fmt(embedded[0]!, 1)} ms, max ${fmt(Math.max(...embedded), 1)} ms`,
    ),
  );
  const cli = await repeat(RUNS, cliRun);
  lines.push(
    report(
      'minibroker start --memory, launch to answer',
      `${fmt(median(cli), 0)} ms`,
      `median of ${RUNS} (target ≤ 400 ms); min ${fmt(Math.min(...cli), 0)} ms, max ${fmt(Math.max(...cli), 0)} ms`,
    ),
  );
  const example = await exampleTestRun();
  lines.push(
    report(
      'example order-service test file',
      `${fmt(example.testsMs, 0)} ms`,
      `${example.passed} tests, one broker; \`npx vitest run\` wall time ${fmt(example.wallMs, 0)} ms`,
    ),
  );
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchStartup();
