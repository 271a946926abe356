// Group consumers over real sockets: splitting partitions, rebalancing when members join, leave
// or die, several groups on one topic, more members than partitions.
import { afterEach, describe, expect, it } from 'vitest';
import type { Consumer, EachMessagePayload } from '../../client-sdk/index.js';
import { pollUntil } from '../helpers/poll-until.js';
import { groupSetup, nextEvent, ownedBy, produceNumbered, type GroupSetup } from '../helpers/sdk-groups.js';

let sdk: GroupSetup | undefined;
afterEach(async () => {
  await sdk?.close();
  sdk = undefined;
});

/** Fast membership: rebalances are noticed within a heartbeat of 20 ms. */
const FAST = { sessionTimeout: 1000, heartbeatInterval: 20 };

/** Subscribes, runs, and collects "partition:value" of every record the consumer processes. */
async function start(
  consumer: Consumer,
  topic: string,
  seen: string[],
  onMessage?: (payload: EachMessagePayload) => Promise<void> | void,
): Promise<void> {
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({
    eachMessage: async (payload) => {
      seen.push(`${payload.partition}:${payload.message.value}`);
      await onMessage?.(payload);
    },
  });
}

const values = (seen: string[]) => new Set(seen.map((s) => s.split(':')[1]));
const range = (n: number, from = 0) => Array.from({ length: n }, (_, i) => String(from + i));

describe('SDK group consumer: membership', () => {
  it('two consumers split a 4-partition topic 2 + 2 and each reads only its own partitions', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('split', 4);
    await produceNumbered(sdk, 'split', 40, 4);
    const a = await sdk.consumer({ groupId: 'g-split', ...FAST });
    const b = await sdk.consumer({ groupId: 'g-split', ...FAST });
    const seenA: string[] = [];
    const seenB: string[] = [];
    await Promise.all([start(a, 'split', seenA), start(b, 'split', seenB)]);
    await pollUntil(
      () => a.assignment().length === 2 && b.assignment().length === 2 && seenA.length + seenB.length >= 40,
    );
    expect(ownedBy([a, b]).sort()).toEqual(['split/0', 'split/1', 'split/2', 'split/3']);
    const partitionsOf = (c: Consumer) => new Set(c.assignment().map((tp) => String(tp.partition)));
    expect(seenA.every((s) => partitionsOf(a).has(s.split(':')[0]!))).toBe(true);
    expect(seenB.every((s) => partitionsOf(b).has(s.split(':')[0]!))).toBe(true);
    expect(values([...seenA, ...seenB])).toEqual(new Set(range(40)));
  });

  it('a third member joins: the partitions rebalance and each is owned by exactly one member', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('grow', 4);
    const a = await sdk.consumer({ groupId: 'g-grow', ...FAST });
    const b = await sdk.consumer({ groupId: 'g-grow', ...FAST });
    const seen: string[] = [];
    await Promise.all([start(a, 'grow', seen), start(b, 'grow', seen)]);
    await pollUntil(() => a.assignment().length === 2 && b.assignment().length === 2);
    const rebalancing = [nextEvent(a, a.events.REBALANCING), nextEvent(b, b.events.REBALANCING)];

    const c = await sdk.consumer({ groupId: 'g-grow', ...FAST });
    await start(c, 'grow', seen);
    await Promise.all(rebalancing);
    await pollUntil(() => ownedBy([a, b, c]).length === 4 && [a, b, c].every((x) => x.assignment().length >= 1));
    expect(ownedBy([a, b, c]).sort()).toEqual(['grow/0', 'grow/1', 'grow/2', 'grow/3']);
    await produceNumbered(sdk, 'grow', 40, 4);
    await pollUntil(() => values(seen).size === 40);
  });

  it('a member that leaves hands its partitions over at once, from its committed offsets', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('leave', 4);
    await produceNumbered(sdk, 'leave', 40, 4);
    const a = await sdk.consumer({ groupId: 'g-leave', ...FAST, sessionTimeout: 30_000 });
    const b = await sdk.consumer({ groupId: 'g-leave', ...FAST, sessionTimeout: 30_000 });
    const seen: string[] = [];
    await Promise.all([start(a, 'leave', seen), start(b, 'leave', seen)]);
    await pollUntil(() => seen.length === 40);
    // disconnect() commits what b processed, then LeaveGroup: no waiting for its 30 s session.
    await b.disconnect();
    await pollUntil(() => a.assignment().length === 4, 3000);
    await produceNumbered(sdk, 'leave', 40, 4, 40);
    await pollUntil(() => values(seen).size === 80);
    expect(seen.length).toBe(80); // nothing read twice: a started where b had committed
  });

  it('a member killed without LeaveGroup: after its session times out the others take over from the committed offsets, nothing lost', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('kill', 4);
    const options = { groupId: 'g-kill', sessionTimeout: 300, heartbeatInterval: 50, autoCommitInterval: 20 } as const;
    const a = await sdk.consumer(options);
    const b = await sdk.consumer(options);
    const victim = await sdk.killableConsumer(options);
    const processed: { by: string; partition: number; offset: number; value: string }[] = [];
    const run = async (c: Consumer, by: string) => {
      await c.subscribe({ topics: ['kill'], fromBeginning: true });
      return c.run({
        autoCommitInterval: 20,
        eachMessage: async ({ partition, message }) =>
          void processed.push({ by, partition, offset: Number(message.offset), value: String(message.value) }),
      });
    };
    await Promise.all([run(a, 'a'), run(b, 'b'), run(victim, 'victim')]);
    await pollUntil(() => ownedBy([a, b, victim]).length === 4 && victim.assignment().length > 0);
    const victimPartitions = victim.assignment().map((tp) => tp.partition);

    await produceNumbered(sdk, 'kill', 100, 4);
    await pollUntil(() => values(processed.map((p) => `x:${p.value}`)).size === 100);
    // Wait until the victim's progress is committed, then kill it.
    const admin = await sdk.admin();
    const committed = async () =>
      new Map(
        (await admin.fetchOffsets({ groupId: 'g-kill', topics: ['kill'] }))[0]!.partitions.map((p) => [
          p.partition,
          Number(p.offset),
        ]),
      );
    await pollUntil(async () => [...(await committed()).values()].reduce((x, y) => x + y, 0) === 100);
    const atKill = await committed();
    victim.kill();
    await produceNumbered(sdk, 'kill', 100, 4, 100);

    await pollUntil(() => a.assignment().length + b.assignment().length === 4, 5000);
    await pollUntil(() => values(processed.map((p) => `x:${p.value}`)).size === 200, 5000);
    // The survivors started the victim's partitions at its committed offsets: nothing re-read from before.
    const takenOver = processed.filter((x) => x.by !== 'victim' && victimPartitions.includes(x.partition));
    expect(takenOver.length).toBeGreaterThan(0);
    for (const p of takenOver) {
      expect(p.offset).toBeGreaterThanOrEqual(atKill.get(p.partition)!);
    }
    expect(ownedBy([a, b]).sort()).toEqual(['kill/0', 'kill/1', 'kill/2', 'kill/3']);
  });

  it('a consumer stopped while its JoinGroup is parked leaves at once; its run() rejects', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('parked', 2);
    // A hears of rebalances only every 5 s, so B's join stays parked at the coordinator.
    const a = await sdk.consumer({ groupId: 'g-parked', heartbeatInterval: 5000, sessionTimeout: 20_000 });
    await a.subscribe({ topics: ['parked'] });
    await a.run({ eachMessage: async () => {} });
    const b = await sdk.consumer({ groupId: 'g-parked', heartbeatInterval: 20 });
    await b.subscribe({ topics: ['parked'] });
    const running = b.run({ eachMessage: async () => {} });
    const admin = await sdk.admin();
    await pollUntil(async () => (await admin.describeGroups(['g-parked'])).groups[0]!.state === 'PreparingRebalance');
    // B's parked join ends only when A rejoins (its next heartbeat): B must stop before that.
    const order: string[] = [];
    a.on('consumer.group_join', () => order.push('A rejoined'));
    await b.disconnect();
    await expect(running).rejects.toMatchObject({ type: 'GROUP_STOPPED' });
    order.push('B stopped');
    expect(order[0]).toBe('B stopped');
    expect(b.assignment()).toEqual([]);
  });

  it('two groups on one topic each get every record', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('fanout', 3);
    await produceNumbered(sdk, 'fanout', 30, 3);
    const seen1: string[] = [];
    const seen2: string[] = [];
    const [x, y, z] = await Promise.all([
      sdk.consumer({ groupId: 'g-one', ...FAST }),
      sdk.consumer({ groupId: 'g-one', ...FAST }),
      sdk.consumer({ groupId: 'g-two', ...FAST }),
    ]);
    await Promise.all([start(x, 'fanout', seen1), start(y, 'fanout', seen1), start(z, 'fanout', seen2)]);
    await pollUntil(() => values(seen1).size === 30 && values(seen2).size === 30);
    expect(z.assignment()).toHaveLength(3);
  });

  it('more members than partitions leaves the extra member idle', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('few', 2);
    await produceNumbered(sdk, 'few', 20, 2);
    const consumers = await Promise.all([1, 2, 3].map(() => sdk!.consumer({ groupId: 'g-few', ...FAST })));
    const seen: string[] = [];
    await Promise.all(consumers.map((c) => start(c, 'few', seen)));
    await pollUntil(
      () => ownedBy(consumers).length === 2 && consumers.filter((c) => c.assignment().length === 1).length === 2,
    );
    expect(consumers.filter((c) => c.assignment().length === 0)).toHaveLength(1);
    await pollUntil(() => values(seen).size === 20);
  });
});
