// Issue 4's benchmark: eager versus cooperative rebalancing. Records flow steadily into 12
// partitions consumed by three members (sticky for eager, cooperative-sticky for cooperative, so
// both aim at the same assignment); a fourth member joins. Reported per protocol, median of a few
// runs: the longest gap in processing on any partition that did not move (same owner before and
// after), next to the steady-state longest gap before the join, and the time from the fourth
// member's run() until the group is stable again (every member holding its final share).
// Two workloads: instant handlers, and handlers that take HANDLER_MS per record (4 partitions in
// parallel per member, so each member is busy all the time, as consumers with a backlog are).
import { Assignors, Client, type Assignor, type Consumer } from '../../client-sdk/index.js';
import { startBrokerProcess } from './lib/broker-process.js';
import { fmt, median, report } from './lib/stats.js';

const PARTITIONS = 12;
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const HEARTBEAT_MS = 100;
const FETCH_WAIT_MS = 100;
const PRODUCE_EVERY_MS = 2;
/** Steady processing observed before the join, and after the group settles. */
const STEADY_MS = 500;
const HANDLER_MS = 20;

interface Workload {
  label: string;
  handlerMs: number;
}

interface RunResult {
  steadyGapMs: number;
  keptGapMs: number;
  stableMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One record to every partition every PRODUCE_EVERY_MS until stopped. */
function produceSteadily(client: Client, topic: string): () => Promise<void> {
  let running = true;
  const loop = (async () => {
    const producer = client.producer({ lingerMs: 0 });
    await producer.connect();
    const messages = Array.from({ length: PARTITIONS }, (_, partition) => ({ partition, value: 'x' }));
    while (running) {
      await producer.send({ topic, messages, acks: 1 });
      await sleep(PRODUCE_EVERY_MS);
    }
    await producer.disconnect();
  })();
  return async () => {
    running = false;
    await loop;
  };
}

/** Largest difference between consecutive times in [from, to], the edges included. */
function longestGap(times: readonly number[], from: number, to: number): number {
  let previous = from;
  let gap = 0;
  for (const t of times) {
    if (t < from || t > to) continue;
    gap = Math.max(gap, t - previous);
    previous = t;
  }
  return Math.max(gap, to - previous);
}

async function oneRun(
  client: Client,
  topic: string,
  assignor: Assignor,
  workload: Workload,
  run: number,
): Promise<RunResult> {
  const groupId = `bench-${assignor.name}-${workload.handlerMs}-${run}`;
  const processedAt = Array.from({ length: PARTITIONS }, () => [] as number[]);
  const consumers: Consumer[] = [];
  const join = async () => {
    const consumer = client.consumer({
      groupId,
      heartbeatInterval: HEARTBEAT_MS,
      sessionTimeout: 10_000,
      maxWaitTimeInMs: FETCH_WAIT_MS,
      partitionAssigners: [assignor],
    });
    consumers.push(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: [topic], fromBeginning: false });
    return consumer;
  };
  const eachMessage = async ({ partition }: { partition: number }) => {
    if (workload.handlerMs > 0) await sleep(workload.handlerMs); // the record's work
    processedAt[partition]!.push(performance.now());
  };
  const runConfig = { eachMessage, partitionsConsumedConcurrently: 4 };
  const settled = (members: Consumer[], each: number) => {
    const held = members.flatMap((c) => c.assignment().map((tp) => tp.partition));
    return (
      held.length === PARTITIONS &&
      new Set(held).size === PARTITIONS &&
      members.every((c) => c.assignment().length === each)
    );
  };
  const waitFor = async (condition: () => boolean) => {
    while (!condition()) await sleep(1);
  };

  for (let i = 0; i < 3; i++) await (await join()).run(runConfig);
  await waitFor(() => settled(consumers, 4));
  await sleep(STEADY_MS);
  const before = consumers.map((c) => new Set(c.assignment().map((tp) => tp.partition)));
  const steadyEnd = performance.now();

  const fourth = await join();
  const started = performance.now();
  await fourth.run(runConfig);
  await waitFor(() => settled(consumers, 3));
  const stable = performance.now();
  await sleep(STEADY_MS);

  const kept = consumers.slice(0, 3).flatMap((c, i) =>
    c
      .assignment()
      .map((tp) => tp.partition)
      .filter((p) => before[i]!.has(p)),
  );
  const steadyGapMs = Math.max(...processedAt.map((times) => longestGap(times, steadyEnd - STEADY_MS, steadyEnd)));
  const keptGapMs = Math.max(...kept.map((p) => longestGap(processedAt[p]!, started, stable + STEADY_MS)));
  await Promise.all(consumers.map((c) => c.disconnect()));
  return { steadyGapMs, keptGapMs, stableMs: stable - started };
}

export async function benchCooperative(): Promise<string[]> {
  const lines: string[] = [];
  const broker = await startBrokerProcess();
  try {
    const client = new Client({ clientId: 'bench-cooperative', brokers: broker.brokers, logLevel: 'error' });
    const topic = 'bench-cooperative';
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] });
    await admin.disconnect();
    const stop = produceSteadily(client, topic);
    try {
      for (const workload of [
        { label: 'instant handlers', handlerMs: 0 },
        { label: `${HANDLER_MS} ms handlers`, handlerMs: HANDLER_MS },
      ]) {
        const gapsBy: number[] = [];
        for (const [protocol, assignor] of [
          ['eager', Assignors.sticky],
          ['cooperative', Assignors.cooperativeSticky],
        ] as const) {
          const runs: RunResult[] = [];
          for (let i = 0; i < RUNS; i++) runs.push(await oneRun(client, topic, assignor, workload, i));
          const gaps = runs.map((r) => r.keptGapMs);
          const stables = runs.map((r) => r.stableMs);
          gapsBy.push(median(gaps));
          lines.push(
            report(
              `${workload.label}, ${protocol}: longest gap (unmoved)`,
              `${fmt(median(gaps), 1)} ms`,
              `median of ${RUNS}: ${gaps.map((g) => fmt(g, 0)).join(' / ')}; steady state ${fmt(median(runs.map((r) => r.steadyGapMs)), 1)} ms`,
            ),
          );
          lines.push(
            report(
              `${workload.label}, ${protocol}: run() → stable`,
              `${fmt(median(stables), 1)} ms`,
              `median of ${RUNS}: ${stables.map((x) => fmt(x, 0)).join(' / ')}`,
            ),
          );
        }
        lines.push(
          report(
            `${workload.label}: unmoved-partition gap eager / coop`,
            `${fmt(gapsBy[0]! / gapsBy[1]!, 1)}×`,
            `heartbeat ${HEARTBEAT_MS} ms, maxWaitTimeInMs ${FETCH_WAIT_MS} ms, a record per partition every ~${PRODUCE_EVERY_MS} ms`,
          ),
        );
      }
    } finally {
      await stop();
    }
  } finally {
    await broker.stop();
  }
  return lines;
}
