// Resident set size of a process, read from /proc (Linux), and a sampler that keeps the peak.
import { readFileSync } from 'node:fs';

/** RSS of `pid` in bytes, or undefined when the process is gone or /proc is unavailable. */
export function readRss(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

export const mib = (bytes: number | undefined) =>
  bytes === undefined ? 'n/a' : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** Samples a process's RSS on an interval until stopped; `peak` is the largest seen. */
export class RssSampler {
  peak = 0;
  last: number | undefined;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 100,
  ) {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  sample(): number | undefined {
    this.last = readRss(this.pid);
    if (this.last !== undefined && this.last > this.peak) this.peak = this.last;
    return this.last;
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
