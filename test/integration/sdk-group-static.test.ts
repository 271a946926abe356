// Static membership and durable offsets: a static member restarts without a rebalance, and
// committed offsets survive a broker restart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestBroker } from '../helpers/broker.js';
import { pollUntil } from '../helpers/poll-until.js';
import { groupSetup, nextEvent, produceNumbered, type GroupSetup } from '../helpers/sdk-groups.js';

let sdk: GroupSetup | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await sdk?.close();
  sdk = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface GroupJoin {
  generationId: number;
  memberId: string;
  memberAssignment: Record<string, number[]>;
}

describe('SDK group consumer: static members and durable offsets', () => {
  it('a static member restarts without a rebalance: same generation, its old partitions', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('static', 4);
    const options = { groupId: 'g-static', sessionTimeout: 10_000, heartbeatInterval: 20 };
    const a = await sdk.consumer({ ...options, groupInstanceId: 'instance-a' });
    const b = await sdk.consumer({ ...options, groupInstanceId: 'instance-b' });
    const joins: GroupJoin[] = [];
    a.on<GroupJoin>(a.events.GROUP_JOIN, (e) => joins.push(e.payload));
    await a.subscribe({ topics: ['static'] });
    await b.subscribe({ topics: ['static'] });
    await Promise.all([a.run({ eachMessage: async () => {} }), b.run({ eachMessage: async () => {} })]);
    await pollUntil(() => a.assignment().length === 2 && b.assignment().length === 2);
    const before = { a: a.assignment(), b: b.assignment(), generation: joins[joins.length - 1]!.generationId };
    let bRebalanced = false;
    b.on(b.events.REBALANCING, () => (bRebalanced = true));

    await a.disconnect(); // static: no LeaveGroup, its place is kept for the session timeout
    const restarted = await sdk.consumer({ ...options, groupInstanceId: 'instance-a' });
    const joined = nextEvent<GroupJoin>(restarted, restarted.events.GROUP_JOIN);
    await restarted.subscribe({ topics: ['static'] });
    await restarted.run({ eachMessage: async () => {} });
    expect((await joined).generationId).toBe(before.generation);
    expect(restarted.assignment()).toEqual(before.a);
    expect(b.assignment()).toEqual(before.b);
    expect(bRebalanced).toBe(false);
    const admin = await sdk.admin();
    const { groups } = await admin.describeGroups(['g-static']);
    expect(groups[0]).toMatchObject({ state: 'Stable' });
    expect(groups[0]!.members.map((m) => m.groupInstanceId).sort()).toEqual(['instance-a', 'instance-b']);
  });

  it('a member replaced by another with its instance id is fenced: consumer.crash, not a rejoin', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('fenced', 2);
    const options = { groupId: 'g-fenced', groupInstanceId: 'twin', sessionTimeout: 10_000, heartbeatInterval: 20 };
    const first = await sdk.consumer(options);
    const crashed = nextEvent<{ error: { type: string }; groupId: string }>(first, first.events.CRASH);
    await first.subscribe({ topics: ['fenced'] });
    await first.run({ eachMessage: async () => {} });
    const second = await sdk.consumer(options);
    await second.subscribe({ topics: ['fenced'] });
    await second.run({ eachMessage: async () => {} });
    expect(await crashed).toMatchObject({ groupId: 'g-fenced', error: { type: 'FENCED_INSTANCE_ID' } });
    expect(second.assignment()).toHaveLength(2);
  });

  it('committed offsets survive a broker restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'minibroker-group-'));
    dirs.push(dataDir);
    sdk = await groupSetup({ dataDir, memory: false });
    await sdk.createTopic('durable', 2);
    await produceNumbered(sdk, 'durable', 20, 2);
    const first = await sdk.consumer({ groupId: 'g-durable', heartbeatInterval: 50 });
    const seen: string[] = [];
    await first.subscribe({ topics: ['durable'], fromBeginning: true });
    await first.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
    await pollUntil(() => seen.length === 20);
    await first.disconnect(); // commits what it processed
    await sdk.close();

    // A new broker process on the same data folder, and new clients.
    sdk = await groupSetup({}, await startTestBroker({ dataDir, memory: false }));
    await produceNumbered(sdk, 'durable', 10, 2, 20);
    const second = await sdk.consumer({ groupId: 'g-durable', heartbeatInterval: 50 });
    const again: string[] = [];
    await second.subscribe({ topics: ['durable'], fromBeginning: true });
    await second.run({ eachMessage: async ({ message }) => void again.push(String(message.value)) });
    await pollUntil(() => again.length >= 10);
    expect(again.sort((x, y) => Number(x) - Number(y))).toEqual(Array.from({ length: 10 }, (_, i) => String(20 + i)));
  });
});
