// minibroker/testing with the SDK's group consumer: readiness, evictions and forced rebalances
// as a service sees them, and what reset() does to a consumer that is still running.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Consumer, type KafkaMessage } from '../../client-sdk/index.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';

let broker: TestBroker;
const consumers: Consumer[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
});
afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
  await broker.reset();
});
afterAll(() => broker.close());

interface Joined {
  memberId: string;
  generationId: number;
}

/** Resolves once `done` holds, checked now and after each `changed()` call. */
function when<T>(value: T, done: (value: T) => boolean) {
  const waiters: (() => void)[] = [];
  return {
    changed: () => waiters.splice(0).forEach((check) => check()),
    until: (predicate = done) =>
      new Promise<T>((resolve) => {
        const check = () => (predicate(value) ? resolve(value) : waiters.push(check));
        check();
      }),
  };
}

/** A running group consumer that records its joins and the values it processed. */
async function consumer(clientId: string, groupId: string, topic: string) {
  const c = new Client({ clientId, brokers: broker.brokers, logLevel: 'nothing' }).consumer({
    groupId,
    maxWaitTimeInMs: 100,
    sessionTimeout: 10_000,
    heartbeatInterval: 50,
  });
  consumers.push(c);
  const joins: Joined[] = [];
  const values: string[] = [];
  const joined = when(joins, () => true);
  const consumed = when(values, () => true);
  c.on<Joined>(c.events.GROUP_JOIN, (event) => {
    joins.push(event.payload);
    joined.changed();
  });
  await c.connect();
  await c.subscribe({ topics: [topic], fromBeginning: true });
  // Commit often, so waitForLag sees progress soon.
  await c.run({
    autoCommitInterval: 20,
    eachMessage: async ({ message }: { message: KafkaMessage }) => {
      values.push(String(message.value));
      consumed.changed();
    },
  });
  return {
    consumer: c,
    joins,
    values,
    joinedTimes: (n: number) => joined.until((j) => j.length >= n),
    consumedValue: (v: string) => consumed.until((list) => list.includes(v)),
  };
}

describe('the kit with SDK group consumers', () => {
  it('waitForGroupStable sees both members and their assignments', async () => {
    await broker.createTopic('work', 4);
    await Promise.all([consumer('worker-1', 'workers', 'work'), consumer('worker-2', 'workers', 'work')]);
    const group = await broker.waitForGroupStable('workers', { members: 2 });
    expect(group.protocol).toBe('range');
    expect(group.members.map((m) => m.clientId).sort()).toEqual(['worker-1', 'worker-2']);
    expect(group.members.flatMap((m) => m.assignment.flatMap((a) => a.partitions)).sort()).toEqual([0, 1, 2, 3]);
  });

  it('kickMember: the evicted consumer learns from its heartbeat and joins again under a new id', async () => {
    await broker.createTopic('work', 1);
    const worker = await consumer('worker-1', 'kicked', 'work');
    const [before] = (await broker.waitForGroupStable('kicked', { members: 1 })).members;
    broker.faults.kickMember('kicked', before!.memberId);
    await worker.joinedTimes(2);
    const after = await broker.waitForGroupStable('kicked', { members: 1 });
    expect(after.members[0]!.clientId).toBe('worker-1');
    expect(worker.joins.map((j) => j.memberId)).toEqual([before!.memberId, after.members[0]!.memberId]);
    expect(after.members[0]!.memberId).not.toBe(before!.memberId);
    await broker.produce('work', ['after-kick']);
    await worker.consumedValue('after-kick');
  });

  it('forceRebalance: members rejoin into the next generation and keep consuming', async () => {
    await broker.createTopic('work', 2);
    const worker = await consumer('worker-1', 'rebalanced', 'work');
    await broker.waitForGroupStable('rebalanced', { members: 1 });
    broker.faults.forceRebalance('rebalanced');
    await worker.joinedTimes(2);
    expect(worker.joins[1]!.generationId).toBe(worker.joins[0]!.generationId + 1);
    expect(worker.joins[1]!.memberId).toBe(worker.joins[0]!.memberId);
    await broker.produce('work', ['after-rebalance']);
    await broker.waitForLag('rebalanced', 0);
    expect(worker.values).toContain('after-rebalance');
  });

  it('reset() with a consumer still running: it is evicted and joins the new, empty group', async () => {
    await broker.createTopic('work', 1);
    const worker = await consumer('worker-1', 'survivor', 'work');
    await broker.produce('work', ['before-reset']);
    await broker.waitForLag('survivor', 0);
    await broker.reset();
    // The topic is gone and the group forgotten; the consumer rejoins (generation 1 of a new group).
    await broker.createTopic('work', 1);
    const group = await broker.waitForGroupStable('survivor', { members: 1 });
    expect(group.members[0]!.clientId).toBe('worker-1');
    await broker.produce('work', ['after-reset']);
    await broker.waitForLag('survivor', 0);
    expect(worker.values).toEqual(['before-reset', 'after-reset']);
  });
});
