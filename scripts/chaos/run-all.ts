// `npm run chaos`: the chaos scenarios (all, or those named), one figure line each; exits
// non-zero when any of them finds a loss. See lib/options.ts for the flags.
import { cpus } from 'node:os';
import { brokerKill } from './broker-kill.js';
import { connections } from './connections.js';
import { consumerKill } from './consumer-kill.js';
import { exactlyOnce } from './exactly-once.js';
import { fuzz } from './fuzz.js';
import { hostileClients } from './hostile-clients.js';
import { kafkaFuzz } from './kafka-fuzz.js';
import { saslFuzz } from './sasl-fuzz.js';
import { formatResult, type ScenarioResult } from './lib/scenario.js';
import { parseChaosArgs, USAGE, type ChaosOptions } from './lib/options.js';

const scenarios: Record<string, (o: ChaosOptions) => Promise<ScenarioResult>> = {
  'broker-kill': (o) => brokerKill({ cycles: o.brokerKills, seed: o.seed }),
  'consumer-kill': (o) => consumerKill({ kills: o.consumerKills, seed: o.seed }),
  connections: (o) =>
    connections({
      connections: o.connections,
      groups: o.groups,
      holdSeconds: o.holdSeconds,
      rssGrowthPercent: o.rssGrowthPercent,
    }),
  fuzz: (o) => fuzz({ frames: o.frames, seed: o.seed, rssLimitMib: o.fuzzRssLimitMib }),
  'kafka-fuzz': (o) => kafkaFuzz({ frames: o.frames, seed: o.seed, rssLimitMib: o.fuzzRssLimitMib }),
  'hostile-clients': (o) => hostileClients({ probes: o.probes, bombEntries: o.bombEntries }),
  'exactly-once': (o) => exactlyOnce({ records: o.eosRecords, kills: o.eosKills, seed: o.seed }),
  'sasl-fuzz': (o) => saslFuzz({ exchanges: o.saslExchanges, seed: o.seed }),
};

const options = parseChaosArgs(process.argv.slice(2));
const unknown = options.only.filter((name) => !(name in scenarios));
if (unknown.length > 0) {
  console.error(`unknown scenario ${unknown.join(', ')}; known: ${Object.keys(scenarios).join(', ')}\n${USAGE}`);
  process.exit(2);
}
console.log(
  `minibroker chaos — node ${process.version}, ${cpus().length} cores, seed ${options.seed}, ${new Date().toISOString()}`,
);
let failed = 0;
for (const name of options.only.length > 0 ? options.only : Object.keys(scenarios)) {
  const started = Date.now();
  let result: ScenarioResult;
  try {
    result = await scenarios[name]!(options);
  } catch (error) {
    result = { ok: false, figures: `aborted: ${(error as Error).stack ?? String(error)}` };
  }
  if (!result.ok) failed++;
  console.log(formatResult(name, result, Date.now() - started));
}
process.exit(failed > 0 ? 1 : 0);
