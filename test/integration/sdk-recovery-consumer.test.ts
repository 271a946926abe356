// A group consumer rides out a broker outage longer than its whole retry budget — a graceful
// stop and a kill-like cut alike — then rejoins and resumes from its committed offsets; it logs
// one warning when the broker goes away and one info line when it is back. Crashes caused by
// retriable errors restart the consumer unless retry.restartOnFailure says no, and the crash
// event's `restart` flag says which.
import { afterEach, describe, expect, it } from 'vitest';
import {
  Assignors,
  Client,
  ErrorCode,
  type Assignor,
  type Consumer,
  type MinibrokerError,
} from '../../client-sdk/index.js';
import { groupLag } from '../../testing/group-state.js';
import { startTestBroker } from '../../testing/index.js';
import { pollUntil } from '../helpers/poll-until.js';
import { captureLogger, type LogLine } from '../helpers/capture-logger.js';
import { startRestartableBroker, type RestartableBroker } from '../helpers/restartable-broker.js';

const retry = { initialRetryTime: 10, maxRetryTime: 50, retries: 3 };
/** Reconnect attempts that outlast the retry budget several times over (one budget is `retries` + 1). */
const BEYOND_BUDGET = 4 * (retry.retries + 1);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Crash {
  error: MinibrokerError;
  restart: boolean;
}

async function produce(brokers: string[], topic: string, values: string[]): Promise<void> {
  const producer = new Client({ clientId: 'feeder', brokers, logLevel: 'nothing' }).producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value, i) => ({ key: `k${i}`, value })) });
  await producer.disconnect();
}

function watchCrashes(consumer: Consumer): Crash[] {
  const crashes: Crash[] = [];
  consumer.on<Crash>(consumer.events.CRASH, ({ payload }) => void crashes.push(payload));
  return crashes;
}

const reconnectAttempts = (lines: LogLine[]) => lines.filter((l) => l.msg === 'reconnecting').length;

async function outageScenario(
  outage: (broker: RestartableBroker) => Promise<void>,
  sessionTimeout: number,
  partitionAssigners?: Assignor[],
) {
  const broker = await startRestartableBroker({ defaultPartitions: 2 });
  cleanups.push(() => broker.close());
  const logger = captureLogger();
  const client = new Client({ clientId: 'survivor', brokers: broker.brokers, logger, retry });
  const consumer = client.consumer({
    groupId: 'survivors',
    heartbeatInterval: 50,
    sessionTimeout,
    maxWaitTimeInMs: 100,
    partitionAssigners,
  });
  cleanups.push(() => consumer.disconnect());
  const crashes = watchCrashes(consumer);
  const seen: string[] = [];
  await produce(broker.brokers, 'orders', ['before-0', 'before-1', 'before-2', 'before-3']);
  await consumer.connect();
  await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
  await consumer.run({
    autoCommitInterval: 10,
    eachMessage: async ({ message }) => void seen.push(String(message.value)),
  });
  await pollUntil(() => {
    const lag = groupLag(broker.current.services, 'survivors');
    return lag.partitions.length === 2 && lag.total === 0;
  });
  const linesBefore = logger.lines.length;

  await outage(broker);
  // The broker stays away until the consumer has retried several times its whole retry budget.
  await pollUntil(() => crashes.length > 0 || reconnectAttempts(logger.lines.slice(linesBefore)) >= BEYOND_BUDGET);
  await broker.start();
  expect(crashes).toEqual([]);

  await produce(broker.brokers, 'orders', ['after-0', 'after-1', 'after-2', 'after-3']);
  await pollUntil(() => seen.filter((v) => v.startsWith('after')).length >= 4);
  await pollUntil(() => groupLag(broker.current.services, 'survivors').total === 0);
  // Resumed from the committed offsets: nothing lost, nothing committed before the outage read
  // again. Records read after the restart but before the member learnt that the broker forgot
  // it could not be committed, so they may come twice (at least once).
  expect(seen.filter((v) => v.startsWith('before')).sort()).toEqual(['before-0', 'before-1', 'before-2', 'before-3']);
  expect([...new Set(seen.filter((v) => v.startsWith('after')))].sort()).toEqual([
    'after-0',
    'after-1',
    'after-2',
    'after-3',
  ]);
  expect(crashes).toEqual([]);

  const during = logger.lines.slice(linesBefore);
  expect(during.filter((l) => l.level === 'error')).toEqual([]);
  expect(during.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
    'broker unreachable; reconnecting in the background',
  ]);
  expect(during.filter((l) => l.msg === 'broker reachable again')).toHaveLength(1);
  expect(during.find((l) => l.msg === 'broker reachable again')!.level).toBe('info');
}

describe('a group consumer through a broker outage', () => {
  it('survives a graceful stop and restart longer than its retry budget, resuming from committed offsets', async () => {
    await outageScenario((broker) => broker.stop(), 10_000);
  });

  it('survives a kill-like outage (every socket cut, the member expiring meanwhile) the same way', async () => {
    await outageScenario((broker) => broker.kill(), 200);
  });

  it('survives it with the cooperative assignor too', async () => {
    await outageScenario((broker) => broker.kill(), 10_000, [Assignors.cooperativeSticky]);
  });

  it('disconnects while the broker is still away, without crashing', async () => {
    const broker = await startRestartableBroker();
    cleanups.push(() => broker.close());
    await produce(broker.brokers, 'quiet', ['only']);
    const logger = captureLogger();
    const consumer = new Client({ clientId: 'leaver', brokers: broker.brokers, logger, retry }).consumer({
      groupId: 'leavers',
      heartbeatInterval: 50,
      maxWaitTimeInMs: 100,
    });
    const crashes = watchCrashes(consumer);
    await consumer.connect();
    await consumer.subscribe({ topics: ['quiet'], fromBeginning: true });
    let processed = false;
    await consumer.run({ eachMessage: async () => void (processed = true) });
    await pollUntil(() => processed);
    await broker.kill();
    await pollUntil(() => crashes.length > 0 || reconnectAttempts(logger.lines) >= BEYOND_BUDGET);
    await consumer.disconnect();
    expect(crashes).toEqual([]);
  });
});

describe('a consumer without a group through a broker outage', () => {
  it('keeps its positions and reads on once the broker is back', async () => {
    const broker = await startRestartableBroker();
    cleanups.push(() => broker.close());
    await produce(broker.brokers, 'assigned', ['a', 'b']);
    const logger = captureLogger();
    const consumer = new Client({ clientId: 'reader', brokers: broker.brokers, logger, retry }).consumer({
      maxWaitTimeInMs: 100,
    });
    cleanups.push(() => consumer.disconnect());
    const crashes = watchCrashes(consumer);
    const seen: string[] = [];
    await consumer.connect();
    consumer.assign([{ topic: 'assigned', partition: 0, offset: '0' }]);
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await pollUntil(() => seen.length === 2);
    await broker.kill();
    await pollUntil(() => crashes.length > 0 || reconnectAttempts(logger.lines) >= BEYOND_BUDGET);
    await broker.start();
    await produce(broker.brokers, 'assigned', ['c']);
    await pollUntil(() => seen.length === 3);
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(crashes).toEqual([]);
  });
});

describe('consumer crashes and restarts', () => {
  async function failingFetches(restartOnFailure?: (error: Error) => Promise<boolean>) {
    const broker = await startTestBroker();
    cleanups.push(() => broker.close());
    await broker.createTopic('flaky', 1);
    await broker.produce('flaky', [{ value: 'one' }]);
    const client = new Client({ clientId: 'crasher', brokers: broker.brokers, logLevel: 'nothing' });
    const consumer = client.consumer({
      groupId: 'crashers',
      heartbeatInterval: 50,
      maxWaitTimeInMs: 100,
      retry: { ...retry, ...(restartOnFailure ? { restartOnFailure } : {}) },
    });
    cleanups.push(() => consumer.disconnect());
    const crashes = watchCrashes(consumer);
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: ['flaky'], fromBeginning: true });
    // Every fetch answers a retriable error, more times than the retry budget allows.
    broker.faults.failNext({ api: 'Fetch', errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER, times: retry.retries + 1 });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    return { broker, consumer, crashes, seen };
  }

  it('restarts by itself after a crash caused by a retriable error, and says so in the crash event', async () => {
    const { crashes, seen } = await failingFetches();
    await pollUntil(() => seen.includes('one'));
    expect(crashes).toHaveLength(1);
    expect(crashes[0]).toMatchObject({ restart: true, error: { retriable: true } });
  });

  it('restarts the group membership too: a rejoin that keeps failing with a retriable code crashes, then the consumer rejoins', async () => {
    const broker = await startTestBroker();
    cleanups.push(() => broker.close());
    await broker.createTopic('rejoin', 1);
    const consumer = new Client({ clientId: 'rejoiner', brokers: broker.brokers, logLevel: 'nothing' }).consumer({
      groupId: 'rejoiners',
      heartbeatInterval: 20,
      maxWaitTimeInMs: 100,
      retry,
    });
    cleanups.push(() => consumer.disconnect());
    const crashes = watchCrashes(consumer);
    const seen: string[] = [];
    await consumer.connect();
    await consumer.subscribe({ topics: ['rejoin'], fromBeginning: true });
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await broker.waitForGroupStable('rejoiners', { members: 1 });
    broker.faults.failNext({
      api: 'JoinGroup',
      errorCode: ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
      times: retry.retries + 1,
    });
    broker.faults.forceRebalance('rejoiners');
    await pollUntil(() => crashes.length > 0);
    expect(crashes[0]).toMatchObject({
      restart: true,
      error: { type: 'COORDINATOR_LOAD_IN_PROGRESS', retriable: true },
    });
    await broker.produce('rejoin', [{ value: 'after the restart' }]);
    await pollUntil(() => seen.includes('after the restart'));
    expect(crashes).toHaveLength(1);
  });

  it('stays stopped when restartOnFailure answers false, and says restart: false', async () => {
    const asked: Error[] = [];
    const { consumer, crashes } = await failingFetches(async (error) => (asked.push(error), false));
    const stopped = new Promise<void>((resolve) => consumer.on(consumer.events.STOP, () => resolve()));
    await pollUntil(() => crashes.length > 0);
    await stopped;
    expect(crashes).toHaveLength(1);
    expect(crashes[0]!.restart).toBe(false);
    expect(asked).toEqual([crashes[0]!.error]);
    // Not running: run() may be called again by hand, and consumes.
    const seen: string[] = [];
    await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await pollUntil(() => seen.includes('one'));
  });
});
