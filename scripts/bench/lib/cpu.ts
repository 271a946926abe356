// CPU seconds (user + system) spent by a server process, read from /proc, and by this process
// (the benchmark's client), so a run can be priced in CPU per record: unlike records per second,
// CPU time barely moves when other work shares the machine.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicksPerSecond(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100; // Linux's USER_HZ nearly everywhere
    }
  }
  return ticksPerSecond;
}

/**
 * Clock ticks in a /proc/<pid>/stat line: utime + stime of all the process's threads, plus
 * cutime + cstime of children it has waited for (Redis's AOF rewrite runs in a forked child).
 */
export function parseStatCpuTicks(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces; count from after it.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state), so fields 14–17 (utime, stime, cutime, cstime) are 11–14.
  const ticks = fields.slice(11, 15).map(Number);
  if (ticks.length !== 4 || ticks.some((n) => !Number.isFinite(n))) throw new Error(`unexpected /proc stat: ${stat}`);
  return ticks.reduce((sum, n) => sum + n, 0);
}

export function processCpuSeconds(pid: number): number {
  return parseStatCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / clockTicksPerSecond();
}

export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

export interface CpuMeasured<T> {
  result: T;
  /** CPU seconds the server process spent during the run. */
  serverSeconds: number;
  /** CPU seconds this process (the client) spent during the run. */
  clientSeconds: number;
}

/** Runs `work` and reports the CPU both the server (`pid`) and this process spent meanwhile. */
export async function measureCpu<T>(pid: number, work: () => Promise<T>): Promise<CpuMeasured<T>> {
  const server0 = processCpuSeconds(pid);
  const client0 = ownCpuSeconds();
  const result = await work();
  return {
    result,
    serverSeconds: processCpuSeconds(pid) - server0,
    clientSeconds: ownCpuSeconds() - client0,
  };
}
