// Issue 9's measurement of clients riding out a broker outage, with the SDK's default settings
// (retry, session timeout, send timeout): a group consumer and a producer attached to a broker
// process that is killed (SIGKILL) or stopped (SIGTERM) for OUTAGE seconds, then started again on
// the same port and data folder. Reports whether the consumer crashed, how long after the broker
// was back the records produced then were consumed (and whether any were lost or read twice),
// what the consumer logged, and what happened to a send made when the outage began.
// `npx tsx scripts/bench/outage.ts` (needs dist/: `npm run build`); BENCH_OUTAGE_SECONDS=15,30.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, type Consumer, type Logger, type MinibrokerError } from '../../client-sdk/index.js';
import { startBrokerProcess, type BrokerProcess } from './lib/broker-process.js';
import { elapsedMs, fmt, report } from './lib/stats.js';

const OUTAGES = (process.env.BENCH_OUTAGE_SECONDS ?? '15,30').split(',').map(Number);
const RECORDS = 5;
const GIVE_UP_MS = 60_000;

/** Counts what the SDK logs, by level (the lines themselves are dropped). */
function countingLogger(counts: Record<string, number>): Logger {
  const line = (level: string) => () => void (counts[level] = (counts[level] ?? 0) + 1);
  const logger: Logger = {
    error: line('error'),
    warn: line('warn'),
    info: line('info'),
    debug: () => {},
    child: () => logger,
  };
  return logger;
}

async function until(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return true;
}

async function produce(brokers: string[], topic: string, values: string[]): Promise<void> {
  const producer = new Client({ clientId: 'bench-feeder', brokers, logLevel: 'nothing' }).producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value) => ({ value })) });
  await producer.disconnect();
}

async function scenario(mode: 'kill' | 'stop', outageSeconds: number): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'minibroker-outage-'));
  let broker: BrokerProcess = await startBrokerProcess([], { dataDir });
  const port = Number(broker.brokers[0]!.split(':')[1]);
  const topic = `outage-${mode}-${outageSeconds}`;
  const counts: Record<string, number> = {};
  const client = new Client({ clientId: 'bench-survivor', brokers: broker.brokers, logger: countingLogger(counts) });
  const consumer: Consumer = client.consumer({ groupId: topic });
  const producer = new Client({ clientId: 'bench-holder', brokers: broker.brokers, logLevel: 'nothing' }).producer();
  const crashes: { error: MinibrokerError; restart: boolean }[] = [];
  consumer.on<{ error: MinibrokerError; restart: boolean }>(
    consumer.events.CRASH,
    ({ payload }) => void crashes.push(payload),
  );
  const seen: string[] = [];
  let committed = 0;
  consumer.on<{ topics: { partitions: { offset: string }[] }[] }>(consumer.events.COMMIT_OFFSETS, ({ payload }) => {
    committed = Math.max(committed, ...payload.topics.flatMap((t) => t.partitions.map((p) => Number(p.offset))));
  });
  try {
    await produce(
      broker.brokers,
      topic,
      Array.from({ length: RECORDS }, (_, i) => `before-${i}`),
    );
    await producer.connect();
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    await consumer.run({
      autoCommitInterval: 100,
      eachMessage: async ({ message }) => void seen.push(String(message.value)),
    });
    await until(() => committed >= RECORDS, 30_000);
    const logged = { ...counts };

    if (mode === 'kill') await broker.crash();
    else await broker.stop();
    // A send made as the broker goes away: it waits up to its timeout (30 s by default).
    const sendStart = process.hrtime.bigint();
    let sendOutcome = 'pending';
    const sending = producer.send({ topic, messages: [{ value: 'during' }] }).then(
      () => (sendOutcome = `acknowledged ${fmt(elapsedMs(sendStart) / 1000, 1)} s after it was made`),
      (error: MinibrokerError) =>
        (sendOutcome = `rejected after ${fmt(elapsedMs(sendStart) / 1000, 1)} s: ${error.type}, retriable ${error.retriable}`),
    );
    await new Promise((resolve) => setTimeout(resolve, outageSeconds * 1000));
    broker = await startBrokerProcess([], { dataDir, port });
    const back = process.hrtime.bigint();
    await produce(
      broker.brokers,
      topic,
      Array.from({ length: RECORDS }, (_, i) => `after-${i}`),
    );
    const resumed = await until(() => seen.filter((v) => v.startsWith('after')).length >= RECORDS, GIVE_UP_MS);
    const resumeMs = elapsedMs(back);
    await sending;
    const after = seen.filter((v) => v.startsWith('after')).length;
    const rereadBefore = seen.filter((v) => v.startsWith('before')).length - RECORDS;
    const label = `${mode === 'kill' ? 'kill -9' : 'graceful stop'}, ${outageSeconds} s outage`;
    report(
      label,
      resumed ? `${fmt(resumeMs)} ms` : 'never resumed',
      'from the restart to the last record produced after it consumed',
    );
    report('', `${crashes.length} crashes`, crashes.map((c) => `${c.error.type} restart=${c.restart}`).join('; '));
    report('', `${after} of ${RECORDS} after`, `consumed; ${rereadBefore} committed records read again`);
    report(
      '',
      `${(counts.warn ?? 0) - (logged.warn ?? 0)} warn, ${(counts.info ?? 0) - (logged.info ?? 0)} info`,
      `${(counts.error ?? 0) - (logged.error ?? 0)} error lines logged by the consumer during and after the outage`,
    );
    report('', 'send during outage', sendOutcome);
  } finally {
    await Promise.allSettled([consumer.disconnect(), producer.disconnect()]);
    await broker.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchOutage(): Promise<void> {
  for (const seconds of OUTAGES) {
    await scenario('kill', seconds);
    await scenario('stop', seconds);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchOutage();
