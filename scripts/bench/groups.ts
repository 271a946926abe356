// Issue 3's benchmarks: (1) how long a group takes to absorb a third member — from its run() to
// all three members holding their new partitions (broker initial rebalance delay 0; members
// heartbeat every 10 ms, which bounds how fast they can hear of the rebalance); (2) a group of
// four consumers reading 1,000,000 records from 8 partitions, from the first run() (join
// included) until every record has been processed, with the CPU seconds the broker and the
// four consumers (all in this process) spent per million records.
import { Client, type Consumer } from '../../client-sdk/index.js';
import { startBrokerProcess } from './lib/broker-process.js';
import { measureCpu } from './lib/cpu.js';
import { produceLoad } from './lib/produce-load.js';
import { elapsedMs, fmt, median, repeat, report } from './lib/stats.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 1_000_000);
const PARTITIONS = 8;
const PER_SEND = 1000;
const IN_FLIGHT = 8;
const JOIN_RUNS = 10;
const READ_RUNS = Number(process.env.BENCH_RUNS ?? 3);
const HEARTBEAT_MS = 10;

interface Member {
  consumer: Consumer;
  joined: number;
  assigned: number;
}

async function member(client: Client, groupId: string, topic: string, onAssigned: () => void): Promise<Member> {
  const m: Member = { consumer: undefined as unknown as Consumer, joined: -1, assigned: -1 };
  m.consumer = client.consumer({
    groupId,
    heartbeatInterval: HEARTBEAT_MS,
    sessionTimeout: 10_000,
    maxWaitTimeInMs: 100,
    rebalanceListener: {
      onPartitionsAssigned: () => {
        m.assigned = m.joined;
        onAssigned();
      },
    },
  });
  m.consumer.on<{ generationId: number }>(m.consumer.events.GROUP_JOIN, (e) => (m.joined = e.payload.generationId));
  await m.consumer.connect();
  await m.consumer.subscribe({ topics: [topic] });
  return m;
}

/** Resolves when every member holds an assignment of one generation (the newest). */
function stable(members: Member[]): { wait: Promise<void>; check: () => void } {
  let done!: () => void;
  const wait = new Promise<void>((resolve) => (done = resolve));
  const check = () => {
    const generation = Math.max(...members.map((m) => m.joined));
    if (members.every((m) => m.assigned === generation && m.consumer.assignment().length > 0)) done();
  };
  return { wait, check };
}

async function joinLatency(client: Client, topic: string): Promise<number[]> {
  const groupId = 'bench-join';
  let check = () => {};
  const base = [
    await member(client, groupId, topic, () => check()),
    await member(client, groupId, topic, () => check()),
  ];
  await Promise.all(base.map((m) => m.consumer.run({ eachMessage: async () => {} })));
  const timings: number[] = [];
  for (let i = 0; i < JOIN_RUNS; i++) {
    const settled = stable(base);
    check = settled.check;
    settled.check();
    await settled.wait;
    const third = await member(client, groupId, topic, () => check());
    const all = stable([...base, third]);
    check = all.check;
    const start = process.hrtime.bigint();
    await third.consumer.run({ eachMessage: async () => {} });
    all.check();
    await all.wait;
    timings.push(elapsedMs(start));
    await third.consumer.disconnect(); // leaves: the two rebalance back before the next round
  }
  await Promise.all(base.map((m) => m.consumer.disconnect()));
  return timings;
}

async function groupRead(client: Client, topic: string, run: number): Promise<number> {
  const groupId = `bench-read-${run}`;
  // Records processed per partition: the highest offset handled + 1, so a record re-read after a rebalance counts once.
  const done = new Array<number>(PARTITIONS).fill(0);
  let total = 0;
  let finish!: () => void;
  const finished = new Promise<void>((resolve) => (finish = resolve));
  const consumers = Array.from({ length: 4 }, () =>
    client.consumer({ groupId, heartbeatInterval: 50, maxWaitTimeInMs: 100 }),
  );
  await Promise.all(consumers.map((c) => c.connect()));
  const start = process.hrtime.bigint();
  await Promise.all(
    consumers.map(async (c) => {
      await c.subscribe({ topics: [topic], fromBeginning: true });
      return c.run({
        eachBatch: async ({ batch }) => {
          const next = Number(batch.lastOffset()) + 1;
          if (next > done[batch.partition]!) {
            total += next - done[batch.partition]!;
            done[batch.partition] = next;
            if (total >= RECORDS) finish();
          }
        },
      });
    }),
  );
  await finished;
  const ms = elapsedMs(start);
  await Promise.all(consumers.map((c) => c.disconnect()));
  return (RECORDS / ms) * 1000;
}

export async function benchGroups(): Promise<string[]> {
  const lines: string[] = [];
  const broker = await startBrokerProcess(['--default-partitions', String(PARTITIONS)]);
  try {
    const client = new Client({ clientId: 'bench-groups', brokers: broker.brokers, logLevel: 'error' });
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: 'bench-join', numPartitions: 6 },
        { topic: 'bench-read', numPartitions: PARTITIONS },
      ],
    });
    await admin.disconnect();

    const joins = await joinLatency(client, 'bench-join');
    lines.push(
      report(
        'group absorbs a 3rd member (run → stable)',
        `${fmt(median(joins), 1)} ms`,
        `median of ${JOIN_RUNS}, min ${fmt(Math.min(...joins), 1)}, max ${fmt(Math.max(...joins), 1)}; heartbeat ${HEARTBEAT_MS} ms`,
      ),
    );

    await produceLoad(client, 'bench-read', { records: RECORDS, perSend: PER_SEND, inFlight: IN_FLIGHT });
    const reads = await repeat(READ_RUNS, (i) => measureCpu(broker.pid, () => groupRead(client, 'bench-read', i)));
    const rates = reads.map((r) => r.result);
    const perMillion = (seconds: (r: (typeof reads)[number]) => number) =>
      fmt(median(reads.map((r) => seconds(r) / (RECORDS / 1e6))), 2);
    lines.push(
      report(
        `group of 4 reads ${fmt(RECORDS)} records, 8 partitions`,
        `${fmt(median(rates))} rec/s`,
        `median of ${READ_RUNS} (join included), CPU s per 1M records: broker ${perMillion((r) => r.serverSeconds)}, clients ${perMillion((r) => r.clientSeconds)}; runs ${rates.map((r) => fmt(r)).join(' / ')}`,
      ),
    );
  } finally {
    await broker.stop();
  }
  return lines;
}
