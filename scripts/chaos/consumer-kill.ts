// Scenario: a group of 4 consumer processes, one of them SIGKILLed (and replaced) again and
// again while records flow. Every record must be processed at least once; repeats are counted
// and must all lie in the uncommitted window (at or past the partition's last reported commit).
// Half the members use eachMessage, half eachBatch with KafkaJS's early-return idiom.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Client } from '../../client-sdk/index.js';
import { startBroker } from '../../server/broker.js';
import { checkProcessing, type ProcessingEvent } from './lib/processing-check.js';
import { Random } from './lib/random.js';
import { pollUntil, sleep, type ScenarioResult } from './lib/scenario.js';

export interface ConsumerKillOptions {
  kills: number;
  seed: number;
  members?: number;
  partitions?: number;
  /** A kill comes a random time in this range after the previous one. */
  minGapMs?: number;
  maxGapMs?: number;
  /** Once production stops, the group has until it goes this long without processing anything. */
  idleTimeoutMs?: number;
  /** Time each record takes in a handler. */
  perRecordMs?: number;
  /** Handler styles, used in turn by the members spawned (default: both). */
  modes?: readonly ('message' | 'batch')[];
}

const TOPIC = 'chaos-members';
const GROUP = 'chaos-members-group';
const memberScript = fileURLToPath(new URL('./consumer-member.ts', import.meta.url));

interface Member {
  child: ChildProcess;
  killed: boolean;
  /** Records this member processed: only a working member is worth killing. */
  processed: number;
  exited: Promise<void>;
}

export async function consumerKill(options: ConsumerKillOptions): Promise<ScenarioResult> {
  const {
    kills,
    members: memberCount = 4,
    partitions = 8,
    minGapMs = 1000,
    maxGapMs = 2000,
    idleTimeoutMs = 5000,
    perRecordMs = 1,
    modes = ['message', 'batch'],
  } = options;
  const random = new Random(options.seed);
  const broker = await startBroker({ port: 0, logLevel: 'silent' });
  const client = new Client({ clientId: 'chaos-members', brokers: broker.brokers, logLevel: 'nothing' });
  const stamped: { ns: bigint; event: ProcessingEvent }[] = [];
  const processedOnce = new Set<string>();
  const crashes: string[] = [];
  const live: Member[] = [];
  const all: Member[] = [];
  let spawned = 0;
  let producing = true;

  const spawnMember = () => {
    const mode = modes[spawned++ % modes.length]!;
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', memberScript, broker.brokers[0]!, TOPIC, GROUP, mode, String(perRecordMs)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const member: Member = {
      child,
      killed: false,
      processed: 0,
      exited: new Promise((resolve) => child.once('exit', () => resolve())),
    };
    let partial = '';
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        const [kind, ns, a, b] = line.split(' ');
        if (kind === 'X') crashes.push(line.slice(line.indexOf(' ', 2) + 1));
        else if (kind === 'P' || kind === 'C')
          stamped.push({
            ns: BigInt(ns!),
            event: { kind: kind === 'P' ? 'processed' : 'committed', partition: Number(a), offset: Number(b) },
          });
        if (kind === 'P') {
          processedOnce.add(`${a}:${b}`);
          member.processed++;
        }
      }
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    child.once('exit', (code, signal) => {
      if (!member.killed) crashes.push(`member exited by itself (${signal ?? `code ${code}`}) ${stderr.trim()}`);
      const at = live.indexOf(member);
      if (at >= 0) live.splice(at, 1);
    });
    live.push(member);
    all.push(member);
  };

  try {
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: partitions }] });
    const producer = client.producer();
    await producer.connect();
    let sequence = 0;
    const produceLoop = (async () => {
      while (producing) {
        await producer.send({
          topic: TOPIC,
          messages: Array.from({ length: 40 }, () => ({ key: `k${sequence % 97}`, value: `v${sequence++}` })),
        });
        await sleep(10);
      }
    })();

    for (let i = 0; i < memberCount; i++) spawnMember();
    for (let kill = 0; kill < kills; kill++) {
      await sleep(random.int(minGapMs, maxGapMs));
      const working = () => live.filter((m) => m.processed > 0);
      await pollUntil(() => working().length > 0, 30_000);
      const candidates = working();
      const victim = candidates.length > 0 ? candidates[random.int(0, candidates.length - 1)]! : undefined;
      if (victim) {
        victim.killed = true;
        victim.child.kill('SIGKILL');
        await victim.exited;
      }
      while (live.length < memberCount) spawnMember();
    }
    producing = false;
    await produceLoop;
    await producer.disconnect();

    const ends = new Map((await admin.fetchTopicOffsets(TOPIC)).map((p) => [p.partition, Number(p.high)]));
    await admin.disconnect();
    const total = [...ends.values()].reduce((a, b) => a + b, 0);
    const processedAll = () => processedOnce.size >= total;
    // Records skipped for good never come: stop once nothing has been processed for a while.
    let seenCount = -1;
    let lastProgress = Date.now();
    await pollUntil(
      () => {
        if (stamped.length !== seenCount) {
          seenCount = stamped.length;
          lastProgress = Date.now();
        }
        return Date.now() - lastProgress > idleTimeoutMs || processedAll();
      },
      10 * 60_000,
      200,
    );

    stamped.sort((x, y) => (x.ns < y.ns ? -1 : x.ns > y.ns ? 1 : 0));
    const check = checkProcessing(
      stamped.map((s) => s.event),
      ends,
    );
    const ok = check.ok && crashes.length === 0;
    const figures = [
      `${kills} member kills in a group of ${memberCount}`,
      `${check.produced} produced`,
      `${check.processed} processed`,
      `${check.missing} never processed (${check.missingBelowCommit} of them committed)`,
      `${check.duplicates} duplicates (${((check.duplicates / Math.max(1, check.produced)) * 100).toFixed(2)}%)`,
      `${check.duplicatesBelowCommit} duplicates below a commit`,
      `${check.commitRegressions} commit regressions`,
      `${crashes.length} member crashes`,
    ].join(', ');
    return { ok, figures: crashes.length > 0 ? `${figures}\n    ${crashes.slice(0, 3).join('\n    ')}` : figures };
  } finally {
    producing = false;
    for (const member of all) {
      member.killed = true;
      member.child.kill('SIGKILL');
    }
    await Promise.all(all.map((m) => m.exited));
    await broker.close();
  }
}
