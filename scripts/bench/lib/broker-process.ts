// Starts the built broker (dist/) in its own process, as users run it, so the benchmark's
// clients do not share an event loop with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface BrokerProcess {
  brokers: string[];
  /** The broker's process id (to read its memory use). */
  pid: number;
  dataDir: string;
  /** Graceful stop (SIGTERM); removes the data folder unless it was given to us. */
  stop(): Promise<void>;
  /** Kills the process with SIGKILL, as a crash would; the data folder stays. */
  crash(): Promise<void>;
}

export interface BrokerProcessOptions {
  /** Reuse this data folder (kept afterwards) instead of a fresh temporary one. */
  dataDir?: string;
  port?: number;
  /** The CLI to run (default $BENCH_BROKER_CLI, else dist/cli/main.js), e.g. another checkout's build for a before/after figure. */
  cli?: string;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export async function waitForPort(port: number, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${child.spawnfile} exited with code ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => (socket.destroy(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`${child.spawnfile} did not listen on ${port} within ${timeoutMs} ms`);
}

export async function startBrokerProcess(
  extraArgs: string[] = [],
  options: BrokerProcessOptions = {},
): Promise<BrokerProcess> {
  const port = options.port ?? (await freePort());
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'minibroker-bench-'));
  const child = spawn(
    process.execPath,
    [
      options.cli ?? process.env.BENCH_BROKER_CLI ?? 'dist/cli/main.js',
      'start',
      '--port',
      String(port),
      '--http-port',
      'off',
      '--data-dir',
      dataDir,
      '--log-level',
      'warn',
      ...extraArgs,
    ],
    {
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  await waitForPort(port, child);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return {
    brokers: [`127.0.0.1:${port}`],
    pid: child.pid!,
    dataDir,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async crash() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
