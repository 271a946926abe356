// Scenario: the exactly-once proof. Instances of the consume-transform-produce service
// (examples/exactly-once) read an input topic and write one output record per input record in
// transactions with sendOffsets; one of them is SIGKILLed at a random moment again and again and
// restarted with the same transactional id. At the end every input record must appear in the
// committed output exactly once: no loss, no duplicate, each output matching its input.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '../../client-sdk/index.js';
import { decodeUsableBatches } from '../../protocol/record-batch.js';
import { startBroker, type Broker } from '../../server/broker.js';
import { transform } from '../../examples/exactly-once/transform-service.js';
import { Random } from './lib/random.js';
import { pollUntil, sleep, type ScenarioResult } from './lib/scenario.js';

export interface ExactlyOnceOptions {
  records: number;
  kills: number;
  seed: number;
  instances?: number;
  partitions?: number;
  /** A kill comes a random time in this range after the previous instance started working again. */
  minGapMs?: number;
  maxGapMs?: number;
  /** The run fails when the committed input offsets stop moving for this long before the end. */
  idleTimeoutMs?: number;
  /** Simulated processing time per batch in the service, ms, so kills land inside transactions. */
  workMsPerBatch?: number;
}

const INPUT = 'eos-input';
const OUTPUT = 'eos-output';
const GROUP = 'eos-transform';
const serviceScript = fileURLToPath(new URL('../../examples/exactly-once/main.ts', import.meta.url));

interface Instance {
  transactionalId: string;
  child: ChildProcess;
  killed: boolean;
  exited: Promise<void>;
}

export async function exactlyOnce(options: ExactlyOnceOptions): Promise<ScenarioResult> {
  const {
    records,
    kills,
    instances: instanceCount = 2,
    partitions = 4,
    minGapMs = 200,
    maxGapMs = 800,
    idleTimeoutMs = 30_000,
    workMsPerBatch = 20,
  } = options;
  const random = new Random(options.seed);
  // Transactions left open by a killed instance are aborted when it comes back (same id).
  const broker = await startBroker({ port: 0, logLevel: 'silent', transactionTimeoutCheckIntervalMs: 200 });
  const client = new Client({ clientId: 'eos-chaos', brokers: broker.brokers, logLevel: 'nothing' });
  const live = new Map<string, Instance>();
  const all: Instance[] = [];
  const crashes: string[] = [];

  const spawnInstance = (transactionalId: string) => {
    const child = spawn(process.execPath, ['--import', 'tsx', serviceScript], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env: {
        ...process.env,
        MINIBROKER_BROKERS: broker.brokers[0],
        INPUT_TOPIC: INPUT,
        OUTPUT_TOPIC: OUTPUT,
        GROUP_ID: GROUP,
        TRANSACTIONAL_ID: transactionalId,
        SESSION_TIMEOUT_MS: '1000',
        TRANSACTION_TIMEOUT_MS: '10000',
        WORK_MS_PER_BATCH: String(workMsPerBatch),
        // Transactions of about a hundred records, so the service is mid-transaction most of the time.
        MAX_BYTES_PER_PARTITION: '4096',
      },
    });
    const instance: Instance = {
      transactionalId,
      child,
      killed: false,
      exited: new Promise((resolve) => child.once('exit', () => resolve())),
    };
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once('exit', (code, signal) => {
      if (!instance.killed) crashes.push(`${transactionalId} exited by itself (${signal ?? `code ${code}`}) ${stderr}`);
      if (live.get(transactionalId) === instance) live.delete(transactionalId);
    });
    live.set(transactionalId, instance);
    all.push(instance);
  };

  try {
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [
        { topic: INPUT, numPartitions: partitions },
        { topic: OUTPUT, numPartitions: partitions },
      ],
    });
    await admin.disconnect();
    const producer = client.producer({ idempotent: true });
    await producer.connect();
    for (let sent = 0; sent < records;) {
      const n = Math.min(1000, records - sent);
      await producer.send({
        topic: INPUT,
        messages: Array.from({ length: n }, (_, i) => ({ key: `k${(sent + i) % 101}`, value: `v${sent + i}` })),
      });
      sent += n;
    }
    await producer.disconnect();

    const ids = Array.from({ length: instanceCount }, (_, i) => `eos-transform-${i}`);
    for (const id of ids) spawnInstance(id);
    let lastCommitted = committedInput(broker);
    let killsWithWorkLeft = 0;
    for (let kill = 0; kill < kills; kill++) {
      // Kill only while there is work left, a random time after the service made progress again.
      await pollUntil(() => committedInput(broker) > lastCommitted || committedInput(broker) >= records, 30_000);
      // A random gap, cut short once the input passes this kill's share of it: on a fast machine
      // the service must not finish everything before the last kills.
      const deadline = Date.now() + random.int(minGapMs, maxGapMs);
      const killBefore = Math.floor(((kill + 1) * records) / (kills + 1));
      while (Date.now() < deadline && committedInput(broker) < killBefore) await sleep(5);
      lastCommitted = committedInput(broker);
      const id = ids[random.int(0, ids.length - 1)]!;
      const victim = live.get(id);
      if (committedInput(broker) < records) killsWithWorkLeft++;
      if (victim) {
        victim.killed = true;
        victim.child.kill('SIGKILL');
        await victim.exited;
      }
      spawnInstance(id);
    }

    let progress = -1;
    let movedAt = Date.now();
    await pollUntil(
      () => {
        const committed = committedInput(broker);
        if (committed !== progress) {
          progress = committed;
          movedAt = Date.now();
        }
        return committed >= records || Date.now() - movedAt > idleTimeoutMs;
      },
      30 * 60_000,
      100,
    );
    const committed = committedInput(broker);

    const outputs = readCommitted(broker, OUTPUT);
    const seen = new Map<string, number>();
    let mismatched = 0;
    for (const { source, value } of outputs) {
      seen.set(source, (seen.get(source) ?? 0) + 1);
      if (value !== transform(Buffer.from(inputValue(broker, source) ?? ''))) mismatched++;
    }
    const duplicates = [...seen.values()].reduce((sum, n) => sum + (n - 1), 0);
    const abortedRanges = (broker.services.topics.get(OUTPUT)?.partitions ?? []).reduce(
      (sum, log) => sum + log.abortedTransactions(0, Number.MAX_SAFE_INTEGER).length,
      0,
    );
    const missing = records - seen.size;
    const ok = committed === records && duplicates === 0 && missing === 0 && mismatched === 0 && crashes.length === 0;
    const figures = [
      `${records} inputs, ${kills} SIGKILLs of ${instanceCount} instances (${killsWithWorkLeft} with input left)`,
      `${abortedRanges} aborted transactions in the output`,
      `${committed} input offsets committed`,
      `${outputs.length} committed outputs`,
      `${missing} missing`,
      `${duplicates} duplicates`,
      `${mismatched} not matching their input`,
      `${crashes.length} crashes`,
    ].join(', ');
    return { ok, figures: crashes.length > 0 ? `${figures}\n    ${crashes.slice(0, 3).join('\n    ')}` : figures };
  } finally {
    for (const instance of all) {
      instance.killed = true;
      instance.child.kill('SIGKILL');
    }
    await Promise.all(all.map((i) => i.exited));
    await broker.close();
  }
}

/** The input records whose offsets the service's group committed, over all partitions. */
function committedInput(broker: Broker): number {
  const result = broker.services.coordinators.forGroup(GROUP).fetchOffsets({ groupId: GROUP, topics: null });
  let total = 0;
  for (const t of result.topics) if (t.name === INPUT) for (const p of t.partitions) total += Math.max(0, p.offset);
  return total;
}

/** Every committed output record as a read_committed consumer sees it: its source header and value. */
function readCommitted(broker: Broker, topic: string): { source: string; value: string }[] {
  const out: { source: string; value: string }[] = [];
  for (const log of broker.services.topics.get(topic)?.partitions ?? []) {
    let offset = log.logStartOffset;
    const stable = log.lastStableOffset;
    while (offset < stable) {
      const { batches } = log.read(offset, 1 << 20);
      const limited = batches.filter((b) => Number(b.readBigInt64BE(0)) < stable);
      const bytes = Buffer.concat(limited);
      const aborted = log.abortedTransactions(offset, stable);
      const { records, nextOffset } = decodeUsableBatches(bytes, true, aborted);
      for (const r of records) {
        if (r.offset < offset) continue;
        out.push({ source: String(r.headers.source), value: r.value?.toString() ?? '' });
      }
      if (nextOffset === undefined || nextOffset <= offset) break;
      offset = nextOffset;
    }
  }
  return out;
}

/** The value of the input record "partition:offset". */
function inputValue(broker: Broker, source: string): string | undefined {
  const [partition, offset] = source.split(':').map(Number) as [number, number];
  const log = broker.services.topics.get(INPUT)?.partitions[partition];
  if (!log) return undefined;
  const { records } = decodeUsableBatches(Buffer.concat(log.read(offset, 1).batches));
  return records.find((r) => r.offset === offset)?.value?.toString();
}
