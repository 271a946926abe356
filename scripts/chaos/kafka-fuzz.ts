// Scenario: fuzzed Kafka-protocol frames against the built broker as its own process. It must
// stay up, answer every sync request, stay within an RSS bound, and answer both protocols after.
import { ChaosBroker } from './lib/broker-process.js';
import { answersValidRequest } from './lib/fuzz-driver.js';
import { sendFuzzedKafkaFrames } from './lib/kafka-fuzz-driver.js';
import { mib, RssSampler } from './lib/rss.js';
import type { ScenarioResult } from './lib/scenario.js';

export async function kafkaFuzz(options: {
  frames: number;
  seed: number;
  rssLimitMib: number;
}): Promise<ScenarioResult> {
  const broker = await ChaosBroker.start({ logLevel: 'fatal' });
  const rss = new RssSampler(broker.pid!);
  const started = Date.now();
  try {
    const startRss = rss.sample();
    const stats = await sendFuzzedKafkaFrames({ port: broker.port, frames: options.frames, seed: options.seed });
    const seconds = (Date.now() - started) / 1000;
    const answers = broker.running && (await answersValidRequest(broker.port));
    rss.sample();
    const withinBound = rss.peak <= options.rssLimitMib * 1024 * 1024;
    const ok = answers && broker.unexpectedExits.length === 0 && stats.syncsUnanswered === 0 && withinBound;
    const kinds = Object.entries(stats.byKind)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(' / ');
    const figures = [
      `${stats.sent} Kafka frames in ${seconds.toFixed(1)} s (${Math.round(stats.sent / seconds)}/s; ${kinds})`,
      `broker ${broker.unexpectedExits.length === 0 ? 'stayed up' : `exited (${broker.unexpectedExits.join(', ')})`}`,
      `valid request answered after: ${answers ? 'yes' : 'no'}`,
      `${stats.syncsAnswered} sync requests answered, ${stats.syncsUnanswered} not`,
      `${stats.closedByBroker} connections closed by the broker`,
      `RSS start ${mib(startRss)}, peak ${mib(rss.peak)} (limit ${options.rssLimitMib} MiB)`,
    ].join(', ');
    return { ok, figures: ok || broker.running ? figures : `${figures}\n${broker.recentOutput}` };
  } finally {
    rss.stop();
    await broker.stop();
  }
}
