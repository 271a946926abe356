// minibroker/testing's helpers over real sockets: produce/consumeN, createTopic, waitForGroupStable
// and waitForLag (resolve on the condition, clear messages on timeout).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../client-sdk/index.js';
import { ErrorCode } from '../../protocol/errors.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';
import { RawClient } from '../helpers/broker.js';
import { commit, createTopic, heartbeat, join, joinAlone, memberIdFor, sync, twoMembers } from '../helpers/groups.js';

let broker: TestBroker;
const clients: RawClient[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  await broker.reset();
});
afterAll(() => broker.close());

async function raw(): Promise<RawClient> {
  const client = await RawClient.connectTo(broker.brokers[0]!);
  clients.push(client);
  return client;
}

/** Tracks whether a promise has settled, to show a helper is still waiting. */
function track<T>(promise: Promise<T>) {
  const state = { settled: false };
  void promise.then(
    () => (state.settled = true),
    () => (state.settled = true),
  );
  return state;
}

describe('produce and consumeN', () => {
  it('produce goes through the SDK partitioner and consumeN reads the records back', async () => {
    await broker.createTopic('orders', 3);
    const meta = await broker.produce('orders', [{ key: 'a', value: 'one' }, { key: 'b', value: 'two' }, 'three']);
    expect(meta.length).toBeGreaterThan(0);
    const records = await broker.consumeN('orders', 3);
    expect(records.map((r) => r.value?.toString()).sort()).toEqual(['one', 'three', 'two']);
    const one = records.find((r) => r.value?.toString() === 'one')!;
    expect(one.key?.toString()).toBe('a');
    expect(one.topic).toBe('orders');
    expect(one.offset).toBe('0');
  });

  it('consumeN waits for records (and for the topic) to appear', async () => {
    const pending = broker.consumeN('late', 2);
    const state = track(pending);
    await broker.produce('late', ['x']);
    expect(state.settled).toBe(false);
    await broker.produce('late', ['y', 'z']);
    expect((await pending).map((r) => r.value?.toString())).toEqual(['x', 'y']);
  });

  it('consumeN rejects on timeout saying what it waited for and what it saw', async () => {
    await broker.produce('short', ['only']);
    await expect(broker.consumeN('short', 2, { timeoutMs: 30 })).rejects.toThrow(
      /timed out after 30 ms waiting for 2 records in topic "short"; last observed: topic "short" holds 1/,
    );
    await expect(broker.consumeN('missing', 1, { timeoutMs: 10 })).rejects.toThrow(/topic "missing" does not exist/);
  });

  it('createTopic makes the partitions and is idempotent for the same count', async () => {
    await broker.createTopic('made', 4);
    await broker.createTopic('made', 4);
    await expect(broker.createTopic('made', 2)).rejects.toThrow(/already exists with 4 partitions/);
    const admin = new Client({ clientId: 'kit-test', brokers: broker.brokers, logLevel: 'nothing' }).admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: ['made'] });
    await admin.disconnect();
    expect(topics[0]!.partitions).toHaveLength(4);
  });
});

describe('waitForGroupStable', () => {
  it('resolves once the only member has synced, with its assignment', async () => {
    const client = await raw();
    await createTopic(client, 't', 1);
    const stable = broker.waitForGroupStable('g1', { members: 1 });
    const member = await joinAlone(client, 'g1');
    const group = await stable;
    expect(group.members).toEqual([
      {
        memberId: member.memberId,
        clientId: 'raw-test',
        groupInstanceId: null,
        assignment: [{ topic: 't', partitions: [0] }],
      },
    ]);
  });

  it('waits for the member count and for every member to sync', async () => {
    const [a, b] = [await raw(), await raw()];
    await createTopic(a, 't', 4);
    const stable = broker.waitForGroupStable('g2', { members: 2 });
    const state = track(stable);
    const first = await joinAlone(a, 'g2');
    await broker.waitForGroupStable('g2', { members: 1 });
    expect(state.settled).toBe(false);
    const idB = await memberIdFor(b, 'g2');
    const joinB = join(b, 'g2', idB);
    // A learns of the rebalance from its heartbeat, rejoins, and leads generation 2.
    expect(await heartbeat(a, 'g2', first.generationId, first.memberId)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const [joinedA] = await Promise.all([join(a, 'g2', first.memberId), joinB]);
    await sync(a, 'g2', joinedA.generationId, first.memberId, []);
    // The leader synced: Stable, but B has not synced yet.
    await Promise.resolve();
    expect(state.settled).toBe(false);
    await sync(b, 'g2', joinedA.generationId, idB);
    expect((await stable).members.map((m) => m.memberId).sort()).toEqual([first.memberId, idB].sort());
  });

  it('resolves at once for a group that is already stable', async () => {
    const [a, b] = [await raw(), await raw()];
    await createTopic(a, 't', 4);
    const { idA, idB } = await twoMembers(a, b, 'g3');
    const group = await broker.waitForGroupStable('g3', { members: 2 });
    expect(group.members.find((m) => m.memberId === idA)!.assignment).toEqual([{ topic: 't', partitions: [0, 1] }]);
    expect(group.members.find((m) => m.memberId === idB)!.assignment).toEqual([{ topic: 't', partitions: [2, 3] }]);
  });

  it('rejects on timeout with the last state seen', async () => {
    await expect(broker.waitForGroupStable('nobody', { timeoutMs: 20 })).rejects.toThrow(
      /timed out after 20 ms waiting for group "nobody" to be Stable; last observed: group "nobody" does not exist/,
    );
    const client = await raw();
    await createTopic(client, 't', 1);
    await joinAlone(client, 'g4');
    await expect(broker.waitForGroupStable('g4', { members: 2, timeoutMs: 20 })).rejects.toThrow(
      /waiting for group "g4" to be Stable with 2 members; last observed: group "g4" is Stable with 1 member$/,
    );
  });
});

describe('waitForLag', () => {
  it('resolves when the group has committed up to the log end', async () => {
    const client = await raw();
    await broker.createTopic('lagging', 2);
    await broker.produce('lagging', [
      { value: 'a', partition: 0 },
      { value: 'b', partition: 0 },
      { value: 'c', partition: 1 },
    ]);
    const caughtUp = broker.waitForLag('readers', 0);
    const state = track(caughtUp);
    expect(await commit(client, 'readers', -1, '', 'lagging', { 0: 2 })).toEqual([0]);
    await Promise.resolve();
    expect(state.settled).toBe(false);
    expect(await commit(client, 'readers', -1, '', 'lagging', { 1: 1 })).toEqual([0]);
    const lag = await caughtUp;
    expect(lag.total).toBe(0);
    expect(lag.partitions).toEqual([
      { topic: 'lagging', partition: 0, logEndOffset: 2, committedOffset: 2, lag: 0 },
      { topic: 'lagging', partition: 1, logEndOffset: 1, committedOffset: 1, lag: 0 },
    ]);
  });

  it('counts the subscribed topics of a Stable consumer group, committed or not', async () => {
    const client = await raw();
    await broker.createTopic('t', 1);
    await broker.produce('t', ['1', '2']);
    const member = await joinAlone(client, 'subscribers', { topics: ['t'] });
    await expect(broker.waitForLag('subscribers', 1, { timeoutMs: 20 })).rejects.toThrow(
      /waiting for group "subscribers" to have lag at most 1; last observed: lag 2 \(t\/0: end 2, committed none\)/,
    );
    const lag = broker.waitForLag('subscribers', 1);
    expect(await commit(client, 'subscribers', member.generationId, member.memberId, 't', { 0: 1 })).toEqual([0]);
    expect((await lag).total).toBe(1);
  });

  it('waits for a group that has neither committed nor subscribed yet', async () => {
    await expect(broker.waitForLag('idle', 0, { timeoutMs: 10 })).rejects.toThrow(
      /last observed: group "idle" has no committed offsets and no subscribed topics/,
    );
    await broker.produce('p', ['x']);
    const client = await raw();
    await commit(client, 'idle', -1, '', 'p', { 0: 0 });
    await expect(broker.waitForLag('idle', 0, { timeoutMs: 10 })).rejects.toThrow(
      /last observed: lag 1 \(p\/0: end 1, committed 0\)/,
    );
  });

  it('validates its arguments', async () => {
    await expect(broker.waitForLag('g', -1)).rejects.toThrow(/lag must be a non-negative integer/);
    await expect(broker.waitForGroupStable('g', { members: 0 })).rejects.toThrow(/members must be a positive integer/);
    await expect(broker.consumeN('t', 1.5)).rejects.toThrow(/n must be a non-negative integer/);
  });
});
