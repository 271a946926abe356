// Command-line flags of `npm run chaos`: which scenarios, and how big. `--short` scales every
// scenario down to a run of a minute or two; explicit flags override either preset.
import { parseArgs } from 'node:util';

export interface ChaosOptions {
  /** Scenario names to run; empty: all. */
  only: string[];
  seed: number;
  /** broker-kill: kill -9 cycles. */
  brokerKills: number;
  /** consumer-kill: consumers SIGKILLed. */
  consumerKills: number;
  /** fuzz: frames sent. */
  frames: number;
  /** sasl-fuzz: fuzzed SASL exchanges, each on its own connection. */
  saslExchanges: number;
  /** fuzz: largest broker RSS accepted, in MiB. */
  fuzzRssLimitMib: number;
  /** connections: how long the connections and groups are held, in seconds. */
  holdSeconds: number;
  connections: number;
  groups: number;
  /** connections: largest RSS growth accepted from start to end of the hold, in percent. */
  rssGrowthPercent: number;
  /** hostile-clients: probe requests per measurement phase. */
  probes: number;
  /** hostile-clients: empty topic entries in the decompression-bomb-like Fetch. */
  bombEntries: number;
  /** exactly-once: input records the transform service processes. */
  eosRecords: number;
  /** exactly-once: transform service instances SIGKILLed (and restarted). */
  eosKills: number;
}

export const FULL: Omit<ChaosOptions, 'only' | 'seed'> = {
  brokerKills: 100,
  consumerKills: 100,
  frames: 1_000_000,
  saslExchanges: 20_000,
  fuzzRssLimitMib: 512,
  holdSeconds: 600,
  connections: 1000,
  groups: 100,
  rssGrowthPercent: 10,
  probes: 2000,
  bombEntries: 8_000_000,
  eosRecords: 100_000,
  eosKills: 20,
};

export const SHORT: typeof FULL = {
  ...FULL,
  brokerKills: 10,
  consumerKills: 10,
  frames: 100_000,
  saslExchanges: 2000,
  holdSeconds: 15,
  connections: 1000,
  groups: 100,
  probes: 500,
  bombEntries: 1_000_000,
  eosRecords: 10_000,
  eosKills: 5,
};

const numeric: Record<string, keyof typeof FULL> = {
  'broker-kills': 'brokerKills',
  'consumer-kills': 'consumerKills',
  frames: 'frames',
  'sasl-exchanges': 'saslExchanges',
  'fuzz-rss-limit-mib': 'fuzzRssLimitMib',
  'hold-seconds': 'holdSeconds',
  connections: 'connections',
  groups: 'groups',
  'rss-growth-percent': 'rssGrowthPercent',
  probes: 'probes',
  'bomb-entries': 'bombEntries',
  'eos-records': 'eosRecords',
  'eos-kills': 'eosKills',
};

export const USAGE = `usage: npm run chaos -- [scenario ...] [--short] [--seed N] ${Object.keys(numeric)
  .map((flag) => `[--${flag} N]`)
  .join(' ')}`;

export function parseChaosArgs(argv: string[]): ChaosOptions {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      short: { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      ...Object.fromEntries(Object.keys(numeric).map((flag) => [flag, { type: 'string' as const }])),
    },
  });
  const options: ChaosOptions = {
    ...(values.short ? SHORT : FULL),
    only: positionals,
    seed: toNumber('seed', values.seed),
  };
  for (const [flag, key] of Object.entries(numeric)) {
    const raw = (values as Record<string, unknown>)[flag];
    if (typeof raw === 'string') options[key] = toNumber(flag, raw);
  }
  return options;
}

function toNumber(flag: string, raw: string): number {
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`--${flag} must be a non-negative number, got "${raw}"\n${USAGE}`);
  return value;
}
