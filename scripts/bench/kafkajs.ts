// Issue 13's benchmark: what a KafkaJS user gets from minibroker. The same load as issue 2's
// (100-byte values, 16-character keys, sends of 1,000 records, 8 in flight, acks=1, 8 partitions)
// produced and consumed through KafkaJS 2.2.4 and through our SDK against one broker process in
// the same run, each the median of several runs, with the KafkaJS/SDK ratio.
import { Kafka, logLevel } from 'kafkajs';
import { Client } from '../../client-sdk/index.js';
import { startTestBroker } from '../../testing/index.js';
import { startBrokerProcess } from './lib/broker-process.js';
import { consumeLoad, readRate } from './lib/consume-load.js';
import { produceLoad, sendLoad } from './lib/produce-load.js';
import { elapsedMs, fmt, median, repeat, report } from './lib/stats.js';

const RECORDS = Number(process.env.BENCH_KAFKAJS_RECORDS ?? 200_000);
const PARTITIONS = 8;
const PER_SEND = 1000;
const IN_FLIGHT = 8;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const LOAD = { records: RECORDS, perSend: PER_SEND, inFlight: IN_FLIGHT };

export async function kafkajsProduce(kafka: Kafka, topic: string): Promise<number> {
  const producer = kafka.producer();
  await producer.connect();
  const ms = await sendLoad((messages) => producer.send({ topic, messages, acks: 1 }), LOAD);
  await producer.disconnect();
  return (RECORDS / ms) * 1000;
}

export async function kafkajsConsume(kafka: Kafka, topic: string, group: string): Promise<number> {
  const consumer = kafka.consumer({ groupId: group, maxWaitTimeInMs: 100, maxBytes: 64 * 1024 * 1024 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  return readRate(consumer, RECORDS, false);
}

const STARTUP_RUNS = 20;

/** In-process start-up as a KafkaJS test suite sees it: startTestBroker() until the first send is acknowledged. */
async function startupToFirstSend(): Promise<{ ready: number; firstSend: number }> {
  const start = process.hrtime.bigint();
  const broker = await startTestBroker();
  const ready = elapsedMs(start);
  const kafka = new Kafka({ clientId: 'bench-startup', brokers: broker.brokers, logLevel: logLevel.NOTHING });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'startup', messages: [{ value: 'x' }] });
  const firstSend = elapsedMs(start);
  await producer.disconnect();
  await broker.close();
  return { ready, firstSend };
}

export async function benchKafkaJs(): Promise<string[]> {
  const lines: string[] = [];
  await startupToFirstSend(); // warm-up: module loading is not start-up
  const startups = await repeat(STARTUP_RUNS, startupToFirstSend);
  lines.push(
    report(
      'startTestBroker() ready / first KafkaJS send acked',
      `${fmt(median(startups.map((s) => s.ready)), 1)} / ${fmt(median(startups.map((s) => s.firstSend)), 1)} ms`,
      `median of ${STARTUP_RUNS}, in process, in memory`,
    ),
  );
  const broker = await startBrokerProcess(['--default-partitions', String(PARTITIONS)]);
  try {
    const client = new Client({ clientId: 'bench', brokers: broker.brokers, logLevel: 'error' });
    const kafka = new Kafka({ clientId: 'bench-kafkajs', brokers: broker.brokers, logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    const kTopics = Array.from({ length: RUNS }, (_, i) => `kafkajs-${i}`);
    const sTopics = Array.from({ length: RUNS }, (_, i) => `sdk-${i}`);
    await admin.createTopics({
      topics: [...kTopics, ...sTopics].map((topic) => ({ topic, numPartitions: PARTITIONS })),
    });
    await admin.disconnect();

    // Alternated run by run, so drift in the machine's load hits both alike.
    const kProduced: number[] = [];
    const sProduced: number[] = [];
    await repeat(RUNS, async (i) => {
      kProduced.push(await kafkajsProduce(kafka, kTopics[i]!));
      const ms = await produceLoad(client, sTopics[i]!, LOAD);
      sProduced.push((RECORDS / ms) * 1000);
    });
    const kConsumed: number[] = [];
    const sConsumed: number[] = [];
    await repeat(RUNS, async (i) => {
      kConsumed.push(await kafkajsConsume(kafka, kTopics[i]!, `bench-${i}`));
      sConsumed.push(await consumeLoad(client, sTopics[i]!, RECORDS, PARTITIONS));
    });
    const line = (what: string, k: number[], s: number[]) =>
      report(
        `${what}: KafkaJS / our SDK`,
        `${fmt(median(k))} / ${fmt(median(s))} rec/s`,
        `ratio ${fmt(median(k) / median(s), 2)}, runs KafkaJS ${k.map((r) => fmt(r)).join(' / ')}, SDK ${s.map((r) => fmt(r)).join(' / ')}`,
      );
    lines.push(line(`produce ${fmt(RECORDS)} records, acks=1`, kProduced, sProduced));
    lines.push(line(`consume ${fmt(RECORDS)} records`, kConsumed, sConsumed));
  } finally {
    await broker.stop();
  }
  return lines;
}
