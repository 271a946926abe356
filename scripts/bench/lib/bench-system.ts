// What the produce-and-consume benchmark needs from each system it compares (minibroker and
// its peers): a server process to price in CPU and memory, and the same load in each.
import { spawn } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { freePort, waitForPort } from './broker-process.js';

export interface BenchLoad {
  /** Records per run. */
  records: number;
  /** Records per send (one request, pipeline or batch of publishes). */
  perSend: number;
  /** Sends outstanding at once. */
  inFlight: number;
}

/** One run's figures; a client in another process reports its own CPU seconds. */
export interface RunResult {
  recordsPerSecond: number;
  clientSeconds?: number;
}

export interface BenchSystem {
  name: string;
  /** How this system is loaded, printed once next to its figures. */
  setup: string;
  /** The server process, for its CPU time and memory. */
  pid: number;
  /** Produces `records` records into run `run`'s own topic/stream. */
  produce(run: number, records: number): Promise<RunResult>;
  /** Reads run `run`'s `records` records back. */
  consume(run: number, records: number): Promise<RunResult>;
  stop(): Promise<void>;
}

/** A peer that could not run here, with the line saying why. */
export interface Skipped {
  name: string;
  skipped: string;
}

/** The full path of `command` on PATH, if it is there and executable. */
export function findOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

export interface ServerProcess {
  port: number;
  pid: number;
  /** SIGTERM, wait for the exit, remove the data folder. */
  stop(): Promise<void>;
}

/** Starts `executable` with args built from a free port and a fresh temporary data folder. */
export async function startServerProcess(
  executable: string,
  args: (port: number, dataDir: string) => string[],
): Promise<ServerProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'minibroker-bench-peer-'));
  const child = spawn(executable, args(port, dataDir), { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await waitForPort(port, child);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    pid: child.pid!,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
