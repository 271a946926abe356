// The admin client's group calls against a real broker: describe, list, offsets, delete.
import { afterEach, describe, expect, it } from 'vitest';
import { MinibrokerProtocolError } from '../../client-sdk/index.js';
import { decodeAssignment, decodeSubscription } from '../../protocol/consumer-protocol.js';
import { pollUntil } from '../helpers/poll-until.js';
import { groupSetup, produceNumbered, type GroupSetup } from '../helpers/sdk-groups.js';

let sdk: GroupSetup | undefined;
afterEach(async () => {
  await sdk?.close();
  sdk = undefined;
});

describe('SDK admin: consumer groups', () => {
  it("describes and lists a running group, with members' subscriptions and assignments", async () => {
    sdk = await groupSetup();
    await sdk.createTopic('adm', 2);
    const c = await sdk.consumer({ groupId: 'g-adm', heartbeatInterval: 20 });
    await c.subscribe({ topics: ['adm'] });
    await c.run({ eachMessage: async () => {} });
    const admin = await sdk.admin();
    const { groups } = await admin.describeGroups(['g-adm', 'g-nobody']);
    expect(groups[0]).toMatchObject({
      groupId: 'g-adm',
      state: 'Stable',
      protocol: 'range',
      protocolType: 'consumer',
      errorCode: 0,
    });
    const [member] = groups[0]!.members;
    expect(member).toMatchObject({ clientId: 'group-test', groupInstanceId: null });
    expect(decodeSubscription(member!.memberMetadata).topics).toEqual(['adm']);
    expect(decodeAssignment(member!.memberAssignment).assignedPartitions).toEqual([
      { topic: 'adm', partitions: [0, 1] },
    ]);
    expect(groups[1]).toMatchObject({ groupId: 'g-nobody', state: 'Dead', members: [] });
    expect((await admin.listGroups()).groups).toContainEqual({ groupId: 'g-adm', protocolType: 'consumer' });
  });

  it('fetches, sets and resets offsets, refusing while the group has members, and deletes empty groups', async () => {
    sdk = await groupSetup();
    await sdk.createTopic('offs', 2);
    await produceNumbered(sdk, 'offs', 10, 2);
    const admin = await sdk.admin();
    expect(await admin.fetchOffsets({ groupId: 'g-offs', topics: ['offs'] })).toEqual([
      {
        topic: 'offs',
        partitions: [
          { partition: 0, offset: '-1', metadata: null },
          { partition: 1, offset: '-1', metadata: null },
        ],
      },
    ]);
    await admin.setOffsets({
      groupId: 'g-offs',
      topic: 'offs',
      partitions: [
        { partition: 0, offset: '2' },
        { partition: 1, offset: 4 },
      ],
    });
    expect(
      (await admin.fetchOffsets({ groupId: 'g-offs', topics: ['offs'] }))[0]!.partitions.map((p) => p.offset),
    ).toEqual(['2', '4']);

    // A consumer starts where setOffsets put the group.
    const c = await sdk.consumer({ groupId: 'g-offs', heartbeatInterval: 20 });
    const seen: string[] = [];
    await c.subscribe({ topics: ['offs'], fromBeginning: true });
    await c.run({ eachMessage: async ({ partition, message }) => void seen.push(`${partition}:${message.offset}`) });
    await pollUntil(() => seen.length === 4);
    expect(seen.sort()).toEqual(['0:2', '0:3', '0:4', '1:4']);

    const refused = (p: Promise<unknown>) => expect(p).rejects.toMatchObject({ type: 'NON_EMPTY_GROUP' });
    await refused(admin.setOffsets({ groupId: 'g-offs', topic: 'offs', partitions: [{ partition: 0, offset: 0 }] }));
    await refused(admin.resetOffsets({ groupId: 'g-offs', topic: 'offs', earliest: true }));
    await expect(admin.deleteGroups(['g-offs'])).rejects.toBeInstanceOf(MinibrokerProtocolError);

    await c.disconnect();
    await admin.resetOffsets({ groupId: 'g-offs', topic: 'offs', earliest: true });
    expect((await admin.fetchOffsets({ groupId: 'g-offs' }))[0]!.partitions.map((p) => p.offset)).toEqual(['0', '0']);
    await admin.resetOffsets({ groupId: 'g-offs', topic: 'offs' });
    expect(
      (await admin.fetchOffsets({ groupId: 'g-offs', topics: ['offs'] }))[0]!.partitions.map((p) => p.offset),
    ).toEqual(['5', '5']);
    expect(await admin.deleteGroups(['g-offs'])).toEqual([{ groupId: 'g-offs', errorCode: 0 }]);
    expect((await admin.listGroups()).groups.map((g) => g.groupId)).not.toContain('g-offs');
    await expect(admin.deleteGroups(['g-offs'])).rejects.toMatchObject({ type: 'GROUP_ID_NOT_FOUND' });
  });
});
