import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../protocol/errors.js';
import { GROUP, joinParams, joinWithId, meta, REBALANCE, SESSION, setup, stableGroup } from './harness.js';

describe('group coordinator: static membership (KIP-345)', () => {
  it('a restarted static member takes its place without a rebalance; the old id is fenced', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }, { groupInstanceId: 'instance-b', clientId: 'b' }]);
    const oldB = g.ids[1]!;
    expect(oldB).toMatch(/^instance-b-/);
    const rejoin = await t.coordinator.join(joinParams({ groupInstanceId: 'instance-b', clientId: 'b' }));
    expect(rejoin).toMatchObject({
      errorCode: 0,
      generationId: 1,
      leader: g.leaderId,
      skipAssignment: false,
      members: [],
    });
    expect(rejoin.memberId).not.toBe(oldB);
    expect(t.coordinator.groupState(GROUP)).toBe('Stable');
    // The old process is fenced everywhere.
    expect(
      t.coordinator.heartbeat({ groupId: GROUP, generationId: 1, memberId: oldB, groupInstanceId: 'instance-b' })
        .errorCode,
    ).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(
      (await t.coordinator.sync({ groupId: GROUP, generationId: 1, memberId: oldB, groupInstanceId: 'instance-b' }))
        .errorCode,
    ).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(
      t.coordinator.commitOffsets({
        groupId: GROUP,
        generationId: 1,
        memberId: oldB,
        groupInstanceId: 'instance-b',
        topics: [{ name: 't', partitions: [{ partition: 0, offset: 1 }] }],
      }).topics[0]!.partitions[0]!.errorCode,
    ).toBe(ErrorCode.FENCED_INSTANCE_ID);
    expect(
      t.coordinator.leave({ groupId: GROUP, members: [{ memberId: oldB, groupInstanceId: 'instance-b' }] }).members[0]!
        .errorCode,
    ).toBe(ErrorCode.FENCED_INSTANCE_ID);
    // The new one syncs and gets its previous assignment.
    const sync = await t.coordinator.sync({
      groupId: GROUP,
      generationId: 1,
      memberId: rejoin.memberId,
      groupInstanceId: 'instance-b',
    });
    expect(sync.assignment).toEqual(meta(`assignment:${oldB}`));
    expect(
      t.coordinator.heartbeat({
        groupId: GROUP,
        generationId: 1,
        memberId: rejoin.memberId,
        groupInstanceId: 'instance-b',
      }).errorCode,
    ).toBe(0);
  });

  it('a returning static leader is told it leads, with the members, but to skip assignment (KIP-814)', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ groupInstanceId: 'i-a' }, { groupInstanceId: 'i-b' }]);
    const rejoin = await t.coordinator.join(joinParams({ groupInstanceId: 'i-a' }));
    expect(rejoin.leader).toBe(rejoin.memberId);
    expect(rejoin.skipAssignment).toBe(true);
    expect(rejoin.members.map((m) => m.memberId)).toEqual([rejoin.memberId, g.ids[1]]);
    expect(t.coordinator.groupState(GROUP)).toBe('Stable');
  });

  it('a static member returning with a changed subscription triggers a rebalance', async () => {
    const t = setup();
    await stableGroup(t, [{ clientId: 'a' }, { groupInstanceId: 'i-b' }]);
    void t.coordinator.join(
      joinParams({ groupInstanceId: 'i-b', protocols: [{ name: 'range', metadata: meta('other-topics') }] }),
    );
    expect(t.coordinator.groupState(GROUP)).toBe('PreparingRebalance');
  });

  it('static members are not dropped for missing a join phase; they expire on their session', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }, { groupInstanceId: 'i-s', sessionTimeoutMs: 60_000 }]);
    const staticId = g.ids[1]!;
    const c = await joinWithId(t, { clientId: 'c' });
    const ra = t.coordinator.join(joinParams({ memberId: g.ids[0]! }));
    t.coordinator.heartbeat({ groupId: GROUP, generationId: 1, memberId: staticId, groupInstanceId: 'i-s' });
    t.clock.advance(REBALANCE);
    const result = await ra;
    expect(result.members.map((m) => m.memberId)).toEqual([g.ids[0], staticId, c.memberId]);
    expect(t.coordinator.describeGroup(GROUP).members.map((m) => m.memberId)).toContain(staticId);
    // The others sync and heartbeat; the static member never syncs: the pending-sync deadline removes it.
    await t.coordinator.sync({ groupId: GROUP, generationId: 2, memberId: g.ids[0]!, assignments: [] });
    await t.coordinator.sync({ groupId: GROUP, generationId: 2, memberId: c.memberId });
    for (let elapsed = 0; elapsed < REBALANCE; elapsed += 3000) {
      for (const memberId of [g.ids[0]!, c.memberId])
        t.coordinator.heartbeat({ groupId: GROUP, generationId: 2, memberId });
      t.clock.advance(3000);
    }
    expect(t.coordinator.describeGroup(GROUP).members.map((m) => m.memberId)).not.toContain(staticId);
  });

  it('LeaveGroup by instance id alone removes the static member (admin removal)', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }, { groupInstanceId: 'i-b' }]);
    const result = t.coordinator.leave({
      groupId: GROUP,
      members: [
        { memberId: '', groupInstanceId: 'i-b' },
        { memberId: '', groupInstanceId: 'i-unknown' },
      ],
    });
    expect(result.members.map((m) => m.errorCode)).toEqual([0, ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(t.coordinator.describeGroup(GROUP).members.map((m) => m.memberId)).toEqual([g.ids[0]]);
  });

  it('a static member rejoining during CompletingRebalance restarts the rebalance', async () => {
    const t = setup();
    const a = t.coordinator.join(joinParams({ groupInstanceId: 'i-a' }));
    const b = t.coordinator.join(joinParams({ groupInstanceId: 'i-b' }));
    t.clock.advance(0);
    await Promise.all([a, b]);
    expect(t.coordinator.groupState(GROUP)).toBe('CompletingRebalance');
    void t.coordinator.join(joinParams({ groupInstanceId: 'i-b' }));
    expect(t.coordinator.groupState(GROUP)).toBe('PreparingRebalance');
  });

  it('an unknown static member id with its instance id gets UNKNOWN_MEMBER_ID; a static member with a session expires', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ groupInstanceId: 'i-a' }]);
    expect((await t.coordinator.join(joinParams({ memberId: 'made-up', groupInstanceId: 'i-z' }))).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
    expect((await t.coordinator.join(joinParams({ memberId: 'made-up', groupInstanceId: 'i-a' }))).errorCode).toBe(
      ErrorCode.FENCED_INSTANCE_ID,
    );
    t.clock.advance(SESSION);
    expect(t.coordinator.groupState(GROUP)).toBe('Empty');
    expect(g.ids).toHaveLength(1);
  });
});
