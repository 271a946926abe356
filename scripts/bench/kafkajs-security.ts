// Issue 14's benchmark for Kafka clients: KafkaJS producing and consuming through a broker with
// SCRAM-SHA-256 and TLS against one without either (two broker processes, runs interleaved,
// ratio of the medians), and KafkaJS's connection set-up (connect() to ready: ApiVersions, then
// the SASL exchange) plain, with SCRAM-SHA-256, and with SCRAM-SHA-256 over TLS.
import { Kafka, logLevel, type KafkaConfig, type SASLOptions } from 'kafkajs';
import { kafkajsConsume, kafkajsProduce } from './kafkajs.js';
import { secureVsPlainLine, setUpLine, startSecuredBrokers } from './lib/secured-brokers.js';
import { elapsedMs, repeat, report } from './lib/stats.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_SECURITY_CONNECTIONS ?? 100);
const PARTITIONS = 8;
const USER = { username: 'bench', password: 'bench-password' };
const SASL: SASLOptions = { mechanism: 'scram-sha-256', ...USER };

const kafkaFor = (brokers: string[], options: Partial<KafkaConfig> = {}) =>
  new Kafka({ clientId: 'bench-kafkajs', brokers, logLevel: logLevel.NOTHING, ...options });

/** Milliseconds from a KafkaJS admin's connect() to its resolution, one connection at a time. */
async function setUpTimes(kafka: Kafka): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const admin = kafka.admin();
    const start = process.hrtime.bigint();
    await admin.connect();
    times.push(elapsedMs(start));
    await admin.disconnect();
  }
  return times.sort((a, b) => a - b);
}

export async function benchKafkaJsSecurity(): Promise<string[]> {
  const lines: string[] = [];
  const brokers = await startSecuredBrokers(USER, PARTITIONS);
  if (!brokers) {
    lines.push(
      report('KafkaJS security', 'skipped', 'openssl is not installed (needed for the throwaway TLS certificates)'),
    );
    return lines;
  }
  const { plain, secure, scramOnly, ssl } = brokers;
  try {
    const clients = { plain: kafkaFor(plain.brokers), secure: kafkaFor(secure.brokers, { sasl: SASL, ssl }) };
    const produced = { plain: [] as number[], secure: [] as number[] };
    const consumed = { plain: [] as number[], secure: [] as number[] };
    // Alternated run by run, so drift in the machine's load hits both alike.
    await repeat(RUNS, async (i) => {
      for (const kind of ['plain', 'secure'] as const)
        produced[kind].push(await kafkajsProduce(clients[kind], `bench-${i}`));
    });
    await repeat(RUNS, async (i) => {
      for (const kind of ['plain', 'secure'] as const)
        consumed[kind].push(await kafkajsConsume(clients[kind], `bench-${i}`, `bench-group-${i}`));
    });
    lines.push(secureVsPlainLine('KafkaJS produce', produced));
    lines.push(secureVsPlainLine('KafkaJS consume', consumed));

    const setUp = (what: string, times: number[]) =>
      lines.push(
        setUpLine(`KafkaJS connection set-up, ${what}`, times, `${CONNECTIONS} admin connects one after another`),
      );
    setUp('plain TCP', await setUpTimes(clients.plain));
    setUp('SCRAM-SHA-256', await setUpTimes(kafkaFor(scramOnly.brokers, { sasl: SASL })));
    setUp('SCRAM-SHA-256 over TLS', await setUpTimes(clients.secure));
  } finally {
    await brokers.stop();
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) await benchKafkaJsSecurity();
