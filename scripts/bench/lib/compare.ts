// Runs the same load on minibroker and its peers, interleaved (run i of every system's produce,
// then run i of every consume), so that a slow spell of a shared machine hits them alike; then
// prints records/s, CPU seconds per million records and memory, side by side. Each measured run
// follows an unmeasured warm-up of the same kind on the same system: a client idle while the
// others ran (half a minute, for the slowest peer) starts its next phase with the heap and young
// generation V8 shrank meanwhile. Without warm-ups our consumer spent 0.52 CPU s per 1M, with
// warm-ups of 5% of the records 0.41–0.46, of 20% 0.29, as much as alone. The warm-up pays
// that for every system alike.
import type { BenchSystem, RunResult } from './bench-system.js';
import { measureCpu } from './cpu.js';
import { rssBytes, sampleRssPeak } from './rss.js';
import { fmt, median, report } from './stats.js';

export interface RunFigures {
  recordsPerSecond: number;
  serverCpuPerMillion: number;
  clientCpuPerMillion: number;
}

export interface SystemFigures {
  system: BenchSystem;
  produce: RunFigures[];
  consume: RunFigures[];
  /** Server RSS in bytes: after start, peak while producing, after all runs. */
  rss: { idle: number; peak: number; after: number };
}

async function measured(pid: number, records: number, run: () => Promise<RunResult>): Promise<RunFigures> {
  const { result, serverSeconds, clientSeconds } = await measureCpu(pid, run);
  const millions = records / 1e6;
  return {
    recordsPerSecond: result.recordsPerSecond,
    serverCpuPerMillion: serverSeconds / millions,
    // A peer's client runs in its own process and reports its own CPU time.
    clientCpuPerMillion: (result.clientSeconds ?? clientSeconds) / millions,
  };
}

/**
 * Run numbers `runs`.. are the warm-ups' (topics/streams of their own, `warmRecords` records
 * each): a system needs room for 2 × `runs`.
 */
export async function runInterleaved(
  systems: BenchSystem[],
  runs: number,
  records: number,
  warmRecords: number,
): Promise<SystemFigures[]> {
  const figures = systems.map((system): SystemFigures => {
    const idle = rssBytes(system.pid);
    return { system, produce: [], consume: [], rss: { idle, peak: idle, after: idle } };
  });
  for (let i = 0; i < runs; i++) {
    for (const f of figures) {
      const sampler = sampleRssPeak(f.system.pid);
      await f.system.produce(runs + i, warmRecords);
      f.produce.push(await measured(f.system.pid, records, () => f.system.produce(i, records)));
      f.rss.peak = Math.max(f.rss.peak, sampler.stop());
    }
    for (const f of figures) {
      await f.system.consume(runs + i, warmRecords);
      f.consume.push(await measured(f.system.pid, records, () => f.system.consume(i, records)));
    }
  }
  for (const f of figures) f.rss.after = rssBytes(f.system.pid);
  return figures;
}

const mb = (bytes: number) => `${fmt(bytes / 2 ** 20)} MB`;
// Two decimals below 1, so that CPU ratios such as 0.14× and 0.06× stay apart.
const times = (ours: number, theirs: number) => `${fmt(ours / theirs, ours < theirs ? 2 : 1)}×`;

function phaseLines(figures: SystemFigures[], phase: 'produce' | 'consume'): string[] {
  const lines = figures.map((f) => {
    const runs = f[phase];
    return report(
      `${phase}, ${f.system.name}`,
      `${fmt(median(runs.map((r) => r.recordsPerSecond)))} rec/s`,
      `CPU s per 1M records: server ${fmt(median(runs.map((r) => r.serverCpuPerMillion)), 2)}, client ${fmt(median(runs.map((r) => r.clientCpuPerMillion)), 2)}; runs ${runs.map((r) => fmt(r.recordsPerSecond)).join(' / ')}`,
    );
  });
  const [ours, ...peers] = figures;
  if (!ours || peers.length === 0) return lines;
  const rate = (f: SystemFigures) => median(f[phase].map((r) => r.recordsPerSecond));
  const serverCpu = (f: SystemFigures) => median(f[phase].map((r) => r.serverCpuPerMillion));
  lines.push(
    report(
      `${phase}, ${ours.system.name} vs peers`,
      '',
      `records/s ${peers.map((p) => `${times(rate(ours), rate(p))} ${p.system.name}`).join(', ')}; server CPU per record ${peers.map((p) => `${times(serverCpu(ours), serverCpu(p))} ${p.system.name}`).join(', ')}`,
    ),
  );
  return lines;
}

/** Prints the comparison; the first system is ours, the ratios are ours over each peer's. */
export function reportComparison(figures: SystemFigures[], retainedRecords: number): string[] {
  const lines = figures.map((f) => report(`setup, ${f.system.name}`, '', f.system.setup));
  lines.push(...phaseLines(figures, 'produce'), ...phaseLines(figures, 'consume'));
  for (const { system, rss } of figures) {
    lines.push(
      report(
        `server RSS, ${system.name}`,
        `idle ${mb(rss.idle)}`,
        `peak while producing ${mb(rss.peak)}; after the runs ${mb(rss.after)}, ${mb((rss.after - rss.idle) / (retainedRecords / 1e6))} per million records retained (${fmt(retainedRecords / 1e6, 1)}M)`,
      ),
    );
  }
  return lines;
}
