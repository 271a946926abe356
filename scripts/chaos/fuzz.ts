// Scenarios: fuzzed frames against the built broker as its own process — native frames (random
// bytes, and mutated valid requests for every API) and Kafka-protocol frames (kafka-fuzz.ts).
// The broker must stay up, answer every sync request, stay within an RSS bound (the peak is
// reported), and answer a valid request afterwards.
import { ChaosBroker } from './lib/broker-process.js';
import { answersValidRequest, sendFuzzedFrames } from './lib/fuzz-driver.js';
import { mib, RssSampler } from './lib/rss.js';
import type { ScenarioResult } from './lib/scenario.js';

export interface FuzzScenarioOptions {
  frames: number;
  seed: number;
  rssLimitMib: number;
}

/** What a fuzz driver reports; `abortedAfter` when the broker stopped answering and the run was cut short. */
export interface FuzzRunStats {
  sent: number;
  byKind: Record<string, number>;
  closedByBroker: number;
  syncsAnswered: number;
  syncsUnanswered: number;
  abortedAfter?: number;
}

export type FuzzSender = (options: { port: number; frames: number; seed: number }) => Promise<FuzzRunStats>;

export function fuzz(options: FuzzScenarioOptions): Promise<ScenarioResult> {
  return fuzzScenario('frames', sendFuzzedFrames, options);
}

export async function fuzzScenario(
  what: string,
  send: FuzzSender,
  options: FuzzScenarioOptions,
): Promise<ScenarioResult> {
  const broker = await ChaosBroker.start({ logLevel: 'fatal' });
  const rss = new RssSampler(broker.pid!);
  const started = Date.now();
  try {
    const startRss = rss.sample();
    const stats = await send({ port: broker.port, frames: options.frames, seed: options.seed });
    const seconds = (Date.now() - started) / 1000;
    const answers = broker.running && (await answersValidRequest(broker.port));
    rss.sample();
    const withinBound = rss.peak <= options.rssLimitMib * 1024 * 1024;
    const ok = answers && broker.unexpectedExits.length === 0 && stats.syncsUnanswered === 0 && withinBound;
    const kinds = Object.entries(stats.byKind)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(' / ');
    const figures = [
      `${stats.sent} ${what} in ${seconds.toFixed(1)} s (${Math.round(stats.sent / seconds)}/s; ${kinds})`,
      `broker ${broker.unexpectedExits.length === 0 ? 'stayed up' : `exited (${broker.unexpectedExits.join(', ')})`}`,
      `valid request answered after: ${answers ? 'yes' : 'no'}`,
      stats.abortedAfter === undefined
        ? `${stats.syncsAnswered} sync requests answered, ${stats.syncsUnanswered} not`
        : `broker stopped answering after ${stats.abortedAfter} frames (run cut short)`,
      `${stats.closedByBroker} connections closed by the broker`,
      `RSS start ${mib(startRss)}, peak ${mib(rss.peak)} (limit ${options.rssLimitMib} MiB)`,
    ].join(', ');
    return { ok, figures: ok || broker.running ? figures : `${figures}\n${broker.recentOutput}` };
  } finally {
    rss.stop();
    await broker.stop();
  }
}
