import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../protocol/errors.js';
import { CoordinatorShards } from '../../../server/groups/coordinator-shards.js';
import type { GroupEvent } from '../../../server/groups/group-events.js';
import { GroupLimits } from '../../../server/groups/group-limits.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { GROUP, joinParams, memoryStore, SESSION, setup, stableGroup } from './harness.js';

describe('group coordinator: limits', () => {
  it('KIP-394 pending members count towards groupMaxSize, in every state, until they expire', async () => {
    const events: GroupEvent[] = [];
    const t = setup({ groupMaxSize: 3 }, { events: (e) => events.push(e) });
    const codes = [];
    for (let i = 0; i < 4; i++) codes.push((await t.coordinator.join(joinParams())).errorCode);
    expect(codes).toEqual([
      ErrorCode.MEMBER_ID_REQUIRED,
      ErrorCode.MEMBER_ID_REQUIRED,
      ErrorCode.MEMBER_ID_REQUIRED,
      ErrorCode.GROUP_MAX_SIZE_REACHED,
    ]);
    expect(events.filter((e) => e.type === 'limit-reached')).toEqual([
      { type: 'limit-reached', groupId: GROUP, generationId: 0, limit: 'groupMaxSize', memberId: '', max: 3 },
    ]);
    t.clock.advance(SESSION);
    expect((await t.coordinator.join(joinParams())).errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  });

  it('a pending member that rejoins with its id takes its place; a returning static member always fits', async () => {
    const t = setup({ groupMaxSize: 2 });
    const g = await stableGroup(t, [{ groupInstanceId: 'i-a' }, { groupInstanceId: 'i-b' }]);
    expect((await t.coordinator.join(joinParams({ clientId: 'c' }))).errorCode).toBe(ErrorCode.GROUP_MAX_SIZE_REACHED);
    const back = await t.coordinator.join(joinParams({ groupInstanceId: 'i-a' }));
    expect(back.errorCode).toBe(ErrorCode.NONE);
    expect(back.memberId).not.toBe(g.ids[0]);
    expect(t.coordinator.describeGroup(GROUP).members).toHaveLength(2);
  });

  it('counts members and pending members of every shard against one broker-wide bound, and gives places back', async () => {
    const limits = new GroupLimits(Number.POSITIVE_INFINITY, 3);
    const clock = new ManualClock();
    const shards = new CoordinatorShards({ offsets: memoryStore(), clock, limits, shardCount: 4 });
    shards.activateAll();
    const join = (groupId: string, memberId = '') =>
      shards.forGroup(groupId).join({ ...joinParams({ groupId, memberId }) });
    const first = await join('a');
    await join('b');
    await join('c');
    expect(limits.members).toBe(3);
    expect((await join('d')).errorCode).toBe(ErrorCode.GROUP_MAX_SIZE_REACHED);
    // The pending id becomes a member: still one place.
    const joined = join('a', first.memberId);
    clock.advance(0);
    expect((await joined).errorCode).toBe(ErrorCode.NONE);
    expect(limits.members).toBe(3);
    shards.forGroup('a').leave({ groupId: 'a', members: [{ memberId: first.memberId }] });
    expect(limits.members).toBe(2);
    clock.advance(SESSION);
    expect(limits.members).toBe(0);
    expect(limits.groups).toBe(3);
    expect(shards.forGroup('a').deleteGroup('a')).toBe(ErrorCode.NONE);
    expect(limits.groups).toBe(2);
    shards.close();
    expect([limits.groups, limits.members]).toEqual([0, 0]);
  });

  it('refuses new groups beyond maxBrokerGroups with POLICY_VIOLATION; expired groups free their place', async () => {
    const events: GroupEvent[] = [];
    const limits = new GroupLimits(1);
    const t = setup({ offsetsRetentionMs: 1000 }, { limits, events: (e) => events.push(e) });
    const commit = (groupId: string) =>
      t.coordinator.commitOffsets({
        groupId,
        generationId: -1,
        memberId: '',
        topics: [{ name: 't', partitions: [{ partition: 0, offset: 1 }] }],
      });
    expect(commit('g1').topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);
    expect(commit('g2').topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.POLICY_VIOLATION);
    expect((await t.coordinator.join(joinParams({ groupId: 'g3' }))).errorCode).toBe(ErrorCode.POLICY_VIOLATION);
    expect(events.filter((e) => e.type === 'limit-reached').map((e) => e.groupId)).toEqual(['g2', 'g3']);
    t.clock.advance(1000);
    t.coordinator.expireOffsets();
    expect(events.filter((e) => e.type === 'group-removed')).toEqual([
      { type: 'group-removed', groupId: 'g1', generationId: 0, reason: 'expired' },
    ]);
    expect(commit('g2').topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.NONE);
  });

  it('groups loaded from storage count, even beyond the bound', () => {
    const store = memoryStore();
    for (const g of ['x', 'y'])
      store.upsertMany(g, [{ topic: 't', partition: 0, offset: 1, metadata: '', commitTime: 0 }]);
    const limits = new GroupLimits(1);
    setup({}, { offsets: store, limits });
    expect(limits.groups).toBe(2);
  });
});
