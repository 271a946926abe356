// A server process's resident memory (VmRSS in /proc/<pid>/status), once or sampled while a
// load runs to catch its peak.
import { readFileSync } from 'node:fs';

/** Bytes of VmRSS in a /proc/<pid>/status text. */
export function parseVmRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB$/m.exec(status);
  if (!match) throw new Error('no VmRSS line in /proc status');
  return Number(match[1]) * 1024;
}

export function rssBytes(pid: number): number {
  return parseVmRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

/** Samples the RSS of `pid` every `intervalMs` until stop(), which returns the peak seen. */
export function sampleRssPeak(pid: number, intervalMs = 50): { stop(): number } {
  let peak = rssBytes(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), intervalMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssBytes(pid));
    },
  };
}
