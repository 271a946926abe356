// Runs the `minibroker` executable (cli/main.ts through tsx) as a child process, as a user would:
// arguments, stdin, environment; collects stdout, stderr and the exit code.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { afterEach } from 'vitest';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface RunningCli {
  child: ChildProcessWithoutNullStreams;
  /** Resolves once stdout (or stderr) so far matches. */
  waitFor(pattern: RegExp, stream?: 'stdout' | 'stderr'): Promise<void>;
  exited: Promise<CliResult>;
  /** What it printed so far. */
  output(): { stdout: string; stderr: string };
}

const running = new Set<ChildProcessWithoutNullStreams>();
afterEach(() => {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
});

export function spawnCli(
  args: string[],
  { brokers, stdin, env = {} }: { brokers?: string[]; stdin?: string; env?: Record<string, string> } = {},
): RunningCli {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'cli/main.ts', ...args, ...(brokers ? ['--bootstrap-server', brokers.join(',')] : [])],
    {
      env: { ...process.env, MINIBROKER_BROKERS: '', ...env },
    },
  );
  running.add(child);
  const out = { stdout: '', stderr: '' };
  const watchers = new Set<() => void>();
  child.stdout.on('data', (d) => ((out.stdout += d), watchers.forEach((w) => w())));
  child.stderr.on('data', (d) => ((out.stderr += d), watchers.forEach((w) => w())));
  if (stdin !== undefined) child.stdin.end(stdin);
  const exited = new Promise<CliResult>((resolve) => child.once('close', (code) => resolve({ code, ...out })));
  const waitFor = (pattern: RegExp, stream: 'stdout' | 'stderr' = 'stdout') =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!pattern.test(out[stream])) return;
        watchers.delete(check);
        resolve();
      };
      watchers.add(check);
      check();
      void exited.then((r) =>
        reject(new Error(`exited (${r.code}) before printing ${pattern}; stdout: ${r.stdout}; stderr: ${r.stderr}`)),
      );
    });
  return { child, waitFor, exited, output: () => ({ ...out }) };
}

/** `minibroker start` with `args`, once it listens: the process and the address it listens on. */
export async function spawnBroker(
  args: string[],
  options: { env?: Record<string, string> } = {},
): Promise<{ cli: RunningCli; address: string }> {
  const cli = spawnCli(['start', '--port', '0', '--log-level', 'info', ...args], options);
  await cli.waitFor(/listening on 127\.0\.0\.1:\d+/);
  return { cli, address: /listening on (127\.0\.0\.1:\d+)/.exec(cli.output().stdout)![1]! };
}

/** Runs a command to its end. */
export function runCli(
  args: string[],
  options: { brokers?: string[]; stdin?: string; env?: Record<string, string> } = {},
): Promise<CliResult> {
  return spawnCli(args, options).exited;
}

/** The rows of a printed table, split on runs of two or more spaces, header first. */
export function tableRows(stdout: string): string[][] {
  return stdout
    .trimEnd()
    .split('\n')
    .map((line) => line.trim().split(/\s{2,}/));
}
