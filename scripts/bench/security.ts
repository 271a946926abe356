// Issue 14's benchmark, all in one run: produce and consume throughput through a broker with
// SCRAM-SHA-256 and TLS against one without either (two broker processes, runs interleaved,
// ratio of the medians); and connection set-up time (TCP connect to ready for requests) plain,
// with SCRAM-SHA-256, and with SCRAM-SHA-256 over TLS.
import { Client, type SaslOptions } from '../../client-sdk/index.js';
import { createLogger } from '../../client-sdk/logger.js';
import { Connection } from '../../client-sdk/network/connection.js';
import { consumeLoad } from './lib/consume-load.js';
import { secureVsPlainLine, setUpLine, startSecuredBrokers } from './lib/secured-brokers.js';
import { produceLoad } from './lib/produce-load.js';
import { elapsedMs, fmt, repeat, report } from './lib/stats.js';

const RECORDS = Number(process.env.BENCH_SECURITY_RECORDS ?? 300_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_SECURITY_CONNECTIONS ?? 200);
const PARTITIONS = 8;
const SASL: SaslOptions & { username: string; password: string } = {
  mechanism: 'scram-sha-256',
  username: 'bench',
  password: 'bench-password',
};

const consumeAll = (client: Client, topic: string) => consumeLoad(client, topic, RECORDS, PARTITIONS);

/** Milliseconds from connect() to a connection ready for requests (SASL done), one at a time. */
async function setUpTimes(address: string, options: { sasl?: SaslOptions; ssl?: { ca: Buffer[] } }): Promise<number[]> {
  const [host, port] = address.split(':');
  const logger = createLogger({ logLevel: 'nothing', clientId: 'bench' });
  const times: number[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const connection = new Connection({ host: host!, port: Number(port), clientId: 'bench', logger, ...options });
    const start = process.hrtime.bigint();
    await connection.connect();
    times.push(elapsedMs(start));
    await connection.close();
  }
  return times.sort((a, b) => a - b);
}

export async function benchSecurity(): Promise<string[]> {
  const lines: string[] = [];
  const brokers = await startSecuredBrokers(SASL, PARTITIONS);
  if (!brokers) {
    lines.push(report('security', 'skipped', 'openssl is not installed (needed for the throwaway TLS certificates)'));
    return lines;
  }
  const { plain, secure, scramOnly, ssl } = brokers;
  try {
    const clients = {
      plain: new Client({ clientId: 'bench', brokers: plain.brokers, logLevel: 'error' }),
      secure: new Client({ clientId: 'bench', brokers: secure.brokers, logLevel: 'error', sasl: SASL, ssl }),
    };
    const produced = { plain: [] as number[], secure: [] as number[] };
    const consumed = { plain: [] as number[], secure: [] as number[] };
    const perSend = 1000;
    await repeat(RUNS, async (i) => {
      for (const kind of ['plain', 'secure'] as const) {
        const ms = await produceLoad(clients[kind], `bench-${i}`, { records: RECORDS, perSend, inFlight: 8 });
        produced[kind].push((RECORDS / ms) * 1000);
      }
    });
    await repeat(RUNS, async (i) => {
      for (const kind of ['plain', 'secure'] as const)
        consumed[kind].push(await consumeAll(clients[kind], `bench-${i}`));
    });
    lines.push(secureVsPlainLine(`produce ${fmt(RECORDS)} records, acks=1`, produced));
    lines.push(secureVsPlainLine('consume them, 1 consumer', consumed));

    const setUp = (what: string, times: number[]) =>
      lines.push(setUpLine(`connection set-up, ${what}`, times, `${CONNECTIONS} connections one after another`));
    setUp('plain TCP', await setUpTimes(plain.brokers[0]!, {}));
    setUp('SCRAM-SHA-256', await setUpTimes(scramOnly.brokers[0]!, { sasl: SASL }));
    setUp('SCRAM-SHA-256 over TLS', await setUpTimes(secure.brokers[0]!, { sasl: SASL, ssl }));
  } finally {
    await brokers.stop();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSecurity();
