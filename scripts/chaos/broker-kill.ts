// Scenario: the broker is killed with SIGKILL again and again while a producer sends with
// acks=all and a group consumes and commits. Afterwards every acknowledged record must be in the
// log at its acknowledged offset, offsets must run without gaps, and no committed offset may
// ever have gone backwards (as acknowledged to the consumer, or as read back after a restart).
import { Client, type Consumer } from '../../client-sdk/index.js';
import type { CommitOffsetsPayload, CrashPayload } from './lib/consumer-events.js';
import { ChaosBroker } from './lib/broker-process.js';
import { checkLog, CommitWatch, type AcknowledgedRecord } from './lib/log-check.js';
import { Random } from './lib/random.js';
import { readLog } from './lib/read-log.js';
import { pollUntil, sleep, type ScenarioResult } from './lib/scenario.js';

export interface BrokerKillOptions {
  cycles: number;
  seed: number;
  partitions?: number;
  /** Records per partition in one send. */
  recordsPerSend?: number;
  /** Each cycle produces for a random time in this range before the kill. */
  minRunMs?: number;
  maxRunMs?: number;
  /** Longest wait for the producer to be acknowledged again after a restart. */
  recoveryTimeoutMs?: number;
}

const TOPIC = 'chaos-kill';
const GROUP = 'chaos-kill-group';

export async function brokerKill(options: BrokerKillOptions): Promise<ScenarioResult> {
  const {
    cycles,
    partitions = 4,
    recordsPerSend = 20,
    minRunMs = 100,
    maxRunMs = 400,
    recoveryTimeoutMs = 30_000,
  } = options;
  const random = new Random(options.seed);
  const broker = await ChaosBroker.start();
  const client = new Client({ clientId: 'chaos-kill', brokers: broker.brokers, logLevel: 'nothing' });
  const acknowledged: AcknowledgedRecord[] = [];
  const commits = new CommitWatch();
  const consumerCrashes: string[] = [];
  let failedSends = 0;
  let stalledCycles = 0;
  let producing = true;
  let consumer: Consumer | undefined;
  try {
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: partitions }] });
    await admin.disconnect();

    const producer = client.producer();
    await producer.connect();
    let sequence = 0;
    const produceLoop = (async () => {
      while (producing) {
        const messages = [];
        for (let partition = 0; partition < partitions; partition++) {
          for (let i = 0; i < recordsPerSend; i++) messages.push({ partition, value: `r${sequence++}` });
        }
        try {
          const results = await producer.send({ topic: TOPIC, messages, acks: -1, timeout: 5000 });
          for (const result of results) {
            if (result.errorCode !== 0) continue;
            const base = Number(result.baseOffset);
            messages
              .filter((m) => m.partition === result.partition)
              .forEach((m, i) => acknowledged.push({ partition: m.partition, offset: base + i, value: m.value }));
          }
        } catch {
          failedSends++;
          await sleep(20);
        }
      }
      await producer.disconnect().catch(() => {});
    })();

    const startConsumer = async () => {
      const c = client.consumer({ groupId: GROUP, maxWaitTimeInMs: 100, sessionTimeout: 3000, heartbeatInterval: 300 });
      c.on(c.events.COMMIT_OFFSETS, (event) => {
        const payload = event.payload as CommitOffsetsPayload;
        for (const topic of payload.topics)
          for (const p of topic.partitions) commits.note(p.partition, Number(p.offset), 'commit acknowledged');
      });
      c.on(c.events.CRASH, (event) => {
        const payload = event.payload as CrashPayload;
        consumerCrashes.push(`${payload.error.message} (restart: ${payload.restart})`);
      });
      await c.connect();
      await c.subscribe({ topics: [TOPIC], fromBeginning: true });
      await c.run({ autoCommitInterval: 100, eachMessage: async () => {} });
      return c;
    };
    consumer = await startConsumer();

    for (let cycle = 0; cycle < cycles; cycle++) {
      await sleep(random.int(minRunMs, maxRunMs));
      await broker.crash();
      await broker.spawn();
      const before = acknowledged.length;
      if (!(await pollUntil(() => acknowledged.length > before, recoveryTimeoutMs))) stalledCycles++;
      await noteStoredCommits(client, partitions, commits);
      // A consumer that crashed for good is replaced, so the run goes on; the crash still fails it.
      if (consumerCrashes.length > 0 && consumer) {
        const crashed = consumer;
        consumer = undefined;
        await crashed.disconnect().catch(() => {});
        consumer = await startConsumer();
      }
    }
    producing = false;
    await produceLoop;
    await consumer?.disconnect().catch(() => {});
    consumer = undefined;
    await noteStoredCommits(client, partitions, commits);

    const check = checkLog(acknowledged, await readLog(broker.port, TOPIC));
    const ok = check.ok && commits.regressions.length === 0 && consumerCrashes.length === 0 && stalledCycles === 0;
    const figures = [
      `${cycles} kill -9 cycles`,
      `${check.acknowledged} acknowledged`,
      `${check.stored} stored`,
      `${check.missing} missing`,
      `${check.misplaced} misplaced`,
      `${check.offsetBreaks} offset gaps/repeats`,
      `${commits.regressions.length} commit regressions`,
      `${consumerCrashes.length} consumer crashes`,
      `${stalledCycles} cycles without producer recovery`,
      `${failedSends} sends failed after the SDK's retries`,
      `${check.duplicateValues} duplicated unacknowledged values`,
    ].join(', ');
    const details = [...commits.regressions.slice(0, 3), ...consumerCrashes.slice(0, 3)];
    return { ok, figures: details.length > 0 ? `${figures}\n    ${details.join('\n    ')}` : figures };
  } finally {
    producing = false;
    await consumer?.disconnect().catch(() => {});
    await broker.stop();
  }
}

/** Reads the group's committed offsets back from the broker (after a restart) into the watch. */
async function noteStoredCommits(client: Client, partitions: number, commits: CommitWatch): Promise<void> {
  const admin = client.admin();
  try {
    await admin.connect();
    const [topic] = await admin.fetchOffsets({ groupId: GROUP, topics: [TOPIC] });
    for (const p of topic?.partitions ?? []) {
      const offset = Number(p.offset);
      if (offset >= 0 && p.partition < partitions) commits.note(p.partition, offset, 'stored after restart');
    }
  } finally {
    await admin.disconnect().catch(() => {});
  }
}
