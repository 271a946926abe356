// Smoke and crash check (`npm run smoke`, after `npm run build`): runs the built broker as a
// process, produces with acks=1 and acks=-1, then restarts it — once gracefully, once after
// SIGKILL — and checks that every acknowledged record is read back, in order, once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '../../client-sdk/index.js';
import { startBrokerProcess, type BrokerProcess } from '../bench/lib/broker-process.js';

const PARTITIONS = 4;
const ROUNDS = 20;
const PER_ROUND = 500;

async function produceAcknowledged(brokers: string[], topic: string, acks: number): Promise<string[]> {
  const client = new Client({ clientId: 'smoke-producer', brokers, logLevel: 'error' });
  const producer = client.producer();
  await producer.connect();
  const acknowledged: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    // Values carry a sequence number, so order within a partition can be checked on read.
    const messages = Array.from({ length: PER_ROUND }, (_, i) => ({
      key: `key-${i % 37}`,
      value: String(round * PER_ROUND + i),
    }));
    const results = await producer.send({ topic, messages, acks });
    if (results.some((r) => r.errorCode !== 0)) throw new Error(`produce failed: ${JSON.stringify(results)}`);
    acknowledged.push(...messages.map((m) => m.value));
  }
  await producer.disconnect();
  return acknowledged;
}

async function readAll(brokers: string[], topic: string, expected: number): Promise<string[]> {
  const client = new Client({ clientId: 'smoke-consumer', brokers, logLevel: 'error' });
  const consumer = client.consumer({ maxWaitTimeInMs: 100 });
  await consumer.connect();
  consumer.assign(Array.from({ length: PARTITIONS }, (_, partition) => ({ topic, partition, offset: '0' })));
  const seen: string[] = [];
  const lastByPartition = new Map<number, number>();
  let outOfOrder = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const timer = setTimeout(resolveDone, 10_000);
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      const sequence = Number(message.value!.toString());
      if (sequence <= (lastByPartition.get(partition) ?? -1)) outOfOrder++;
      lastByPartition.set(partition, sequence);
      seen.push(String(sequence));
      if (seen.length >= expected) resolveDone();
    },
  });
  await done;
  clearTimeout(timer);
  await consumer.disconnect();
  if (outOfOrder > 0) throw new Error(`${outOfOrder} records read out of order within their partition`);
  return seen;
}

function check(label: string, written: string[], read: string[]): boolean {
  const readSet = new Set(read);
  const missing = written.filter((v) => !readSet.has(v));
  const duplicates = read.length - readSet.size;
  const ok = missing.length === 0 && duplicates === 0;
  console.log(
    `${ok ? 'ok  ' : 'FAIL'} ${label}: ${written.length} acknowledged, ${read.length} read back, ${missing.length} missing, ${duplicates} duplicated`,
  );
  return ok;
}

async function scenario(label: string, acks: number, stop: (broker: BrokerProcess) => Promise<void>): Promise<boolean> {
  const dataDir = mkdtempSync(join(tmpdir(), 'minibroker-smoke-'));
  try {
    const args = ['--default-partitions', String(PARTITIONS)];
    const first = await startBrokerProcess(args, { dataDir });
    const written = await produceAcknowledged(first.brokers, 'smoke', acks);
    await stop(first);
    const second = await startBrokerProcess(args, { dataDir });
    const read = await readAll(second.brokers, 'smoke', written.length);
    await second.stop();
    return check(label, written, read);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = [
  await scenario('graceful restart, acks=1', 1, (b) => b.stop()),
  await scenario('crash (SIGKILL) and restart, acks=1', 1, (b) => b.crash()),
  await scenario('crash (SIGKILL) and restart, acks=-1', -1, (b) => b.crash()),
];
process.exit(results.every(Boolean) ? 0 : 1);
