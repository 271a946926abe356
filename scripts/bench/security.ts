// Issue 14's benchmark, all in one run: produce and consume throughput through a broker with
// SCRAM-SHA-256 and TLS against one without either (two broker processes, runs interleaved,
// ratio of the medians); and connection set-up time (TCP connect to ready for requests) plain,
// with SCRAM-SHA-256, and with SCRAM-SHA-256 over TLS.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, type SaslOptions } from '../../client-sdk/index.js';
import { createLogger } from '../../client-sdk/logger.js';
import { Connection } from '../../client-sdk/network/connection.js';
import { hasOpenssl, makeCerts } from '../lib/throwaway-certs.js';
import { consumeLoad } from './lib/consume-load.js';
import { startBrokerProcess, type BrokerProcess } from './lib/broker-process.js';
import { produceLoad } from './lib/produce-load.js';
import { elapsedMs, fmt, median, percentile, repeat, report } from './lib/stats.js';

const RECORDS = Number(process.env.BENCH_SECURITY_RECORDS ?? 300_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_SECURITY_CONNECTIONS ?? 200);
const PARTITIONS = 8;
const SASL: SaslOptions = { mechanism: 'scram-sha-256', username: 'bench', password: 'bench-password' };

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
  if (!hasOpenssl()) {
    lines.push(report('security', 'skipped', 'openssl is not installed (needed for the throwaway TLS certificates)'));
    return lines;
  }
  const certs = makeCerts();
  const usersFile = join(certs.dir, 'users');
  writeFileSync(usersFile, `${SASL.username}:${SASL.password}\n`);
  const ssl = { ca: [readFileSync(certs.caCert)] };
  const brokers: BrokerProcess[] = [];
  try {
    const plain = await startBrokerProcess(['--default-partitions', String(PARTITIONS)]);
    brokers.push(plain);
    const secure = await startBrokerProcess([
      '--default-partitions',
      String(PARTITIONS),
      '--users-file',
      usersFile,
      '--super-users',
      SASL.username,
      '--tls-cert',
      certs.serverCert,
      '--tls-key',
      certs.serverKey,
    ]);
    brokers.push(secure);
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
    const row = (what: string, runs: { plain: number[]; secure: number[] }) => {
      const ratio = median(runs.secure) / median(runs.plain);
      lines.push(
        report(
          `${what}, SCRAM-SHA-256 + TLS`,
          `${fmt(median(runs.secure))} rec/s`,
          `${fmt(ratio * 100, 1)}% of plain (${fmt(median(runs.plain))} rec/s); runs ${runs.secure.map((r) => fmt(r)).join(' / ')} vs ${runs.plain.map((r) => fmt(r)).join(' / ')}`,
        ),
      );
    };
    row(`produce ${fmt(RECORDS)} records, acks=1`, produced);
    row('consume them, 1 consumer', consumed);

    // SCRAM without TLS: the same user on a third broker without TLS.
    const scramOnly = await startBrokerProcess(['--users-file', usersFile]);
    brokers.push(scramOnly);
    const plainTimes = await setUpTimes(plain.brokers[0]!, {});
    const scramPlainTimes = await setUpTimes(scramOnly.brokers[0]!, { sasl: SASL });
    const scramTimes = await setUpTimes(secure.brokers[0]!, { sasl: SASL, ssl });
    const setUp = (what: string, times: number[]) =>
      lines.push(
        report(
          `connection set-up, ${what}`,
          `p50 ${fmt(percentile(times, 50), 2)} ms`,
          `p99 ${fmt(percentile(times, 99), 2)} ms, ${CONNECTIONS} connections one after another`,
        ),
      );
    setUp('plain TCP', plainTimes);
    setUp('SCRAM-SHA-256', scramPlainTimes);
    setUp('SCRAM-SHA-256 over TLS', scramTimes);
  } finally {
    for (const broker of brokers) await broker.stop();
    certs.remove();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSecurity();
