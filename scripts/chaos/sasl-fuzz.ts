// Scenario: fuzzed SASL exchanges (mutated, random and replayed messages; see lib/sasl-fuzz.ts)
// against the built broker as its own process, with users. None may authenticate; the broker must
// stay up and still authenticate a real client afterwards.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ChaosBroker } from './lib/broker-process.js';
import { authenticatesRealClient, fuzzSaslExchanges } from './lib/sasl-fuzz.js';
import type { ScenarioResult } from './lib/scenario.js';

export async function saslFuzz(options: { exchanges: number; seed: number }): Promise<ScenarioResult> {
  const user = { username: 'chaos', password: 'chaos-password' };
  const dir = mkdtempSync(join(tmpdir(), 'minibroker-sasl-fuzz-'));
  const usersFile = join(dir, 'users');
  writeFileSync(usersFile, `${user.username}:${user.password}\n`);
  // No failure delay (the child inherits the environment): the run is about robustness.
  const delayBefore = process.env.MINIBROKER_SASL_FAILURE_DELAY_MS;
  process.env.MINIBROKER_SASL_FAILURE_DELAY_MS = '0';
  const broker = await ChaosBroker.start({ logLevel: 'fatal', args: ['--users-file', usersFile] }).finally(() => {
    if (delayBefore === undefined) delete process.env.MINIBROKER_SASL_FAILURE_DELAY_MS;
    else process.env.MINIBROKER_SASL_FAILURE_DELAY_MS = delayBefore;
  });
  const started = Date.now();
  try {
    const stats = await fuzzSaslExchanges({
      port: broker.port,
      exchanges: options.exchanges,
      seed: options.seed,
      ...user,
    });
    const seconds = (Date.now() - started) / 1000;
    const real = broker.running && (await authenticatesRealClient({ port: broker.port, ...user }));
    const ok = stats.authenticated === 0 && real && broker.unexpectedExits.length === 0;
    const figures = [
      `${stats.exchanges} exchanges in ${seconds.toFixed(1)} s (${Math.round(stats.exchanges / seconds)}/s)`,
      `${stats.authenticated} authenticated (must be 0)`,
      `${stats.closedByBroker} connections closed by the broker`,
      `broker ${broker.unexpectedExits.length === 0 ? 'stayed up' : `exited (${broker.unexpectedExits.join(', ')})`}`,
      `real client authenticated after: ${real ? 'yes' : 'no'}`,
    ].join(', ');
    return { ok, figures: ok || broker.running ? figures : `${figures}\n${broker.recentOutput}` };
  } finally {
    await broker.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
