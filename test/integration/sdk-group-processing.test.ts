// Group consumers and their handlers: slow handlers, maxPollInterval, rebalance listeners,
// commits, pattern subscriptions and partitions added while the group runs.
import { afterEach, describe, expect, it } from 'vitest';
import type { TopicPartition } from '../../client-sdk/index.js';
import { pollUntil } from '../helpers/poll-until.js';
import { groupSetup, nextEvent, ownedBy, produceNumbered, type GroupSetup } from '../helpers/sdk-groups.js';

let sdk: GroupSetup | undefined;
afterEach(async () => {
  await sdk?.close();
  sdk = undefined;
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const names = (partitions: TopicPartition[]) => partitions.map((tp) => `${tp.topic}/${tp.partition}`).sort();

describe('SDK group consumer: handlers, commits and subscriptions', () => {
  it('a handler slower than the session timeout (but within maxPollInterval) keeps its partitions', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('slow', 2);
    const options = { groupId: 'g-slow', sessionTimeout: 200, heartbeatInterval: 40, maxPollInterval: 10_000 };
    const a = await sdk.consumer(options);
    const b = await sdk.consumer(options);
    let rebalances = 0;
    for (const c of [a, b]) c.on(c.events.REBALANCING, () => rebalances++);
    let slowDone = false;
    const handler = async ({ partition }: { partition: number }) => {
      if (partition === 0 && !slowDone) {
        await sleep(650); // over three session timeouts
        slowDone = true;
      }
    };
    await a.subscribe({ topics: ['slow'], fromBeginning: true });
    await b.subscribe({ topics: ['slow'], fromBeginning: true });
    await Promise.all([a.run({ eachMessage: handler }), b.run({ eachMessage: handler })]);
    await pollUntil(() => a.assignment().length === 1 && b.assignment().length === 1);
    const before = ownedBy([a, b]);
    await produceNumbered(sdk, 'slow', 2, 2);
    await pollUntil(() => slowDone, 3000);
    expect(rebalances).toBe(0);
    expect(ownedBy([a, b])).toEqual(before);
  });

  it('a handler past maxPollInterval makes its member leave (partitions move) and rejoin when it returns', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('stuck', 4);
    const base = { groupId: 'g-stuck', sessionTimeout: 3000, heartbeatInterval: 20 };
    const lost: TopicPartition[][] = [];
    const stuck = await sdk.consumer({
      ...base,
      maxPollInterval: 200,
      rebalanceTimeout: 3000,
      rebalanceListener: { onPartitionsLost: (p) => void lost.push(p) },
    });
    const healthy = await sdk.consumer({ ...base, rebalanceTimeout: 3000 });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await stuck.subscribe({ topics: ['stuck'], fromBeginning: true });
    await healthy.subscribe({ topics: ['stuck'], fromBeginning: true });
    await Promise.all([stuck.run({ eachMessage: async () => released }), healthy.run({ eachMessage: async () => {} })]);
    await pollUntil(() => stuck.assignment().length === 2 && healthy.assignment().length === 2);
    const owned = names(stuck.assignment());
    await produceNumbered(sdk, 'stuck', 4, 4);
    // The stuck member leaves: the healthy one gets all four partitions while the handler still runs.
    await pollUntil(() => healthy.assignment().length === 4, 3000);
    expect(lost).toEqual([]); // the partitions are lost only once the handler returns
    release();
    await pollUntil(() => stuck.assignment().length === 2 && healthy.assignment().length === 2, 3000);
    expect(ownedBy([stuck, healthy]).sort()).toEqual(['stuck/0', 'stuck/1', 'stuck/2', 'stuck/3']);
    expect(lost.map(names)).toEqual([owned]);
  });

  it('calls the rebalance listener: assigned on join, revoked (after committing) on rebalance', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('listen', 2);
    await produceNumbered(sdk, 'listen', 10, 2);
    const calls: string[] = [];
    const admin = await sdk.admin();
    let committedAtRevoke: string[] = [];
    const a = await sdk.consumer({
      groupId: 'g-listen',
      heartbeatInterval: 20,
      rebalanceListener: {
        onPartitionsAssigned: (p) => void calls.push(`assigned ${names(p).join(',')}`),
        onPartitionsRevoked: async (p) => {
          calls.push(`revoked ${names(p).join(',')}`);
          committedAtRevoke = (
            await admin.fetchOffsets({ groupId: 'g-listen', topics: ['listen'] })
          )[0]!.partitions.map((x) => x.offset);
        },
        onPartitionsLost: (p) => void calls.push(`lost ${names(p).join(',')}`),
      },
    });
    let processed = 0;
    await a.subscribe({ topics: ['listen'], fromBeginning: true });
    await a.run({ autoCommitInterval: 60_000, eachMessage: async () => void processed++ });
    expect(calls).toEqual(['assigned listen/0,listen/1']);
    await pollUntil(() => processed === 10);

    const b = await sdk.consumer({ groupId: 'g-listen', heartbeatInterval: 20 });
    await b.subscribe({ topics: ['listen'] });
    await b.run({ eachMessage: async () => {} });
    await pollUntil(() => calls.length === 3);
    expect(calls[1]).toBe('revoked listen/0,listen/1');
    expect(committedAtRevoke).toEqual(['5', '5']); // the revoke committed first, despite the long autoCommitInterval
    expect(calls[2]).toMatch(/^assigned listen\/[01]$/);
  });

  it('commits manually with autoCommit off, emitting consumer.commit_offsets', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('manual', 1);
    await produceNumbered(sdk, 'manual', 5, 1);
    const c = await sdk.consumer({ groupId: 'g-manual', heartbeatInterval: 20 });
    const commitEvent = nextEvent<{
      groupId: string;
      topics: { topic: string; partitions: { partition: number; offset: string }[] }[];
    }>(c, c.events.COMMIT_OFFSETS);
    let processed = 0;
    await c.subscribe({ topics: ['manual'], fromBeginning: true });
    await c.run({ autoCommit: false, eachMessage: async () => void processed++ });
    await pollUntil(() => processed === 5);
    await c.commitOffsets([{ topic: 'manual', partition: 0, offset: '3' }]);
    expect(await commitEvent).toMatchObject({
      groupId: 'g-manual',
      topics: [{ topic: 'manual', partitions: [{ partition: 0, offset: '3' }] }],
    });
    await c.disconnect(); // autoCommit off: nothing more is committed
    const offsets = await (await sdk.admin()).fetchOffsets({ groupId: 'g-manual', topics: ['manual'] });
    expect(offsets).toEqual([{ topic: 'manual', partitions: [{ partition: 0, offset: '3', metadata: '' }] }]);
  });

  it('commits once autoCommitThreshold records are processed, before any offset was committed', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('threshold', 1);
    await produceNumbered(sdk, 'threshold', 8, 1);
    const c = await sdk.consumer({ groupId: 'g-threshold', heartbeatInterval: 20 });
    const commitEvent = nextEvent<{ topics: { partitions: { offset: string }[] }[] }>(c, c.events.COMMIT_OFFSETS);
    await c.subscribe({ topics: ['threshold'], fromBeginning: true });
    // The interval alone would not commit during this test: only the threshold can.
    await c.run({ autoCommitInterval: 3_600_000, autoCommitThreshold: 5, eachMessage: async () => {} });
    expect((await commitEvent).topics[0]!.partitions[0]!.offset).toBe('8');
  });

  it('a RegExp subscription picks up matching topics, including ones created later', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('rx-a', 1);
    await sdk.createTopic('rx-b', 1);
    await sdk.createTopic('other', 1);
    const c = await sdk.consumer({ groupId: 'g-rx', heartbeatInterval: 20, metadataMaxAge: 50 });
    await c.subscribe({ topics: [/^rx-/] });
    await c.run({ eachMessage: async () => {} });
    expect(names(c.assignment())).toEqual(['rx-a/0', 'rx-b/0']);
    await sdk.createTopic('rx-c', 2);
    await pollUntil(() => c.assignment().length === 4, 3000);
    expect(names(c.assignment())).toEqual(['rx-a/0', 'rx-b/0', 'rx-c/0', 'rx-c/1']);
  });

  it('partitions added to a subscribed topic trigger a rebalance that assigns them', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('widen', 2);
    const options = { groupId: 'g-widen', heartbeatInterval: 20, metadataMaxAge: 50 };
    const a = await sdk.consumer(options);
    const b = await sdk.consumer(options);
    const seen = new Set<string>();
    for (const c of [a, b]) await c.subscribe({ topics: ['widen'], fromBeginning: true });
    await Promise.all(
      [a, b].map((c) =>
        c.run({ eachMessage: async ({ partition, message }) => void seen.add(`${partition}:${message.value}`) }),
      ),
    );
    await pollUntil(() => ownedBy([a, b]).length === 2);
    await (await sdk.admin()).createPartitions({ topicPartitions: [{ topic: 'widen', count: 4 }] });
    await pollUntil(() => ownedBy([a, b]).length === 4 && a.assignment().length === 2, 3000);
    expect(ownedBy([a, b]).sort()).toEqual(['widen/0', 'widen/1', 'widen/2', 'widen/3']);
    await produceNumbered(sdk, 'widen', 8, 4);
    await pollUntil(() => seen.size === 8);
  });
});
