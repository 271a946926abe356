import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../protocol/errors.js';
import {
  flush,
  GROUP,
  joinParams,
  joinWithId,
  meta,
  REBALANCE,
  SESSION,
  setup,
  stableGroup,
  track,
} from './harness.js';

describe('group coordinator: sync and heartbeats', () => {
  it("a follower's SyncGroup parks until the leader syncs; each member gets only its own assignment", async () => {
    const t = setup();
    const a = await joinWithId(t, { clientId: 'a' });
    const b = await joinWithId(t, { clientId: 'b' });
    t.clock.advance(0);
    const [ra, rb] = await Promise.all([a.join, b.join]);
    const followerSync = track(t.coordinator.sync({ groupId: GROUP, generationId: 1, memberId: rb.memberId }));
    await flush();
    expect(followerSync.done).toBe(false);
    const leaderSync = await t.coordinator.sync({
      groupId: GROUP,
      generationId: 1,
      memberId: ra.memberId,
      protocolType: 'consumer',
      protocolName: 'range',
      assignments: [
        { memberId: ra.memberId, assignment: meta('for-a') },
        { memberId: rb.memberId, assignment: meta('for-b') },
      ],
    });
    expect(leaderSync).toEqual({
      errorCode: 0,
      protocolType: 'consumer',
      protocolName: 'range',
      assignment: meta('for-a'),
    });
    expect((await followerSync.promise).assignment).toEqual(meta('for-b'));
    expect(t.coordinator.groupState(GROUP)).toBe('Stable');
    // In Stable a SyncGroup returns the current assignment at once.
    expect((await t.coordinator.sync({ groupId: GROUP, generationId: 1, memberId: rb.memberId })).assignment).toEqual(
      meta('for-b'),
    );
  });

  it("the leader's assignment naming unknown members is ignored; members it leaves out get an empty one", async () => {
    const t = setup();
    const g = await stableGroup(
      t,
      [{ clientId: 'a' }, { clientId: 'b' }],
      (ids) =>
        new Map([
          [ids[0]!, meta('a')],
          ['ghost-member', meta('g')],
        ]),
    );
    expect(g.synced.map((s) => s.errorCode)).toEqual([0, 0]);
    expect(g.synced[0]!.assignment).toEqual(meta('a'));
    expect(g.synced[1]!.assignment).toEqual(new Uint8Array());
    expect(t.coordinator.describeGroup(GROUP).members.map((m) => m.memberId)).toEqual(g.ids);
  });

  it('SyncGroup errors: wrong generation, unknown member, protocol mismatch, during PreparingRebalance', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    const sync = (o: object) => t.coordinator.sync({ groupId: GROUP, generationId: 1, memberId: g.ids[1]!, ...o });
    expect((await sync({ generationId: 7 })).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect((await sync({ memberId: 'nobody' })).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await sync({ protocolName: 'roundrobin' })).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await sync({ protocolType: 'connect' })).errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await t.coordinator.sync({ groupId: 'no-such-group', generationId: 1, memberId: 'x' })).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
    void t.coordinator.join(joinParams({ memberId: g.leaderId }));
    expect((await sync({})).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
  });

  it('a rebalance during CompletingRebalance answers parked syncs with REBALANCE_IN_PROGRESS', async () => {
    const t = setup();
    const a = await joinWithId(t, { clientId: 'a' });
    const b = await joinWithId(t, { clientId: 'b' });
    t.clock.advance(0);
    const [, rb] = await Promise.all([a.join, b.join]);
    const parked = t.coordinator.sync({ groupId: GROUP, generationId: 1, memberId: rb.memberId });
    void joinWithId(t, { clientId: 'c' });
    expect((await parked).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(t.coordinator.groupState(GROUP)).toBe('PreparingRebalance');
  });

  it('heartbeats in every state', async () => {
    const t = setup();
    const hb = (memberId: string, generationId: number) =>
      t.coordinator.heartbeat({ groupId: GROUP, generationId, memberId }).errorCode;
    expect(hb('x', 0)).toBe(ErrorCode.UNKNOWN_MEMBER_ID); // no group
    const a = await joinWithId(t, { clientId: 'a' });
    expect(hb(a.memberId, 0)).toBe(ErrorCode.REBALANCE_IN_PROGRESS); // PreparingRebalance
    t.clock.advance(0);
    const ra = await a.join;
    expect(hb(ra.memberId, 1)).toBe(ErrorCode.NONE); // CompletingRebalance
    expect(hb(ra.memberId, 0)).toBe(ErrorCode.ILLEGAL_GENERATION);
    expect(hb('nobody', 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    await t.coordinator.sync({ groupId: GROUP, generationId: 1, memberId: ra.memberId, assignments: [] });
    expect(hb(ra.memberId, 1)).toBe(ErrorCode.NONE); // Stable
    t.coordinator.leave({ groupId: GROUP, members: [{ memberId: ra.memberId }] });
    expect(t.coordinator.groupState(GROUP)).toBe('Empty');
    expect(hb(ra.memberId, 1)).toBe(ErrorCode.UNKNOWN_MEMBER_ID); // Empty
  });

  it('session expiry removes the silent member and starts a rebalance', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    const [a, b] = g.ids as [string, string];
    for (let i = 0; i < 3; i++) {
      t.clock.advance(3000);
      expect(t.coordinator.heartbeat({ groupId: GROUP, generationId: 1, memberId: a }).errorCode).toBe(0);
    }
    expect(t.coordinator.groupState(GROUP)).toBe('Stable');
    t.clock.advance(SESSION - 9000);
    expect(t.coordinator.groupState(GROUP)).toBe('PreparingRebalance');
    expect(t.coordinator.heartbeat({ groupId: GROUP, generationId: 1, memberId: b }).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
    expect(t.coordinator.heartbeat({ groupId: GROUP, generationId: 1, memberId: a }).errorCode).toBe(
      ErrorCode.REBALANCE_IN_PROGRESS,
    );
    const rejoin = await t.coordinator.join(joinParams({ memberId: a }));
    expect(rejoin.generationId).toBe(2);
    expect(rejoin.members.map((m) => m.memberId)).toEqual([a]);
  });

  it('a parked JoinGroup keeps a member alive past its session timeout', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    const [a, b] = g.ids as [string, string];
    const c = await joinWithId(t, { clientId: 'c' });
    const join = track(t.coordinator.join(joinParams({ memberId: a })));
    // b heartbeats but never rejoins; a is parked without heartbeats for longer than its session.
    for (let elapsed = 0; elapsed + 3000 < REBALANCE; elapsed += 3000) {
      t.clock.advance(3000);
      t.coordinator.heartbeat({ groupId: GROUP, generationId: 1, memberId: b });
    }
    await flush();
    expect(join.done).toBe(false);
    t.clock.advance(3000);
    const result = await join.promise;
    expect(result.members.map((m) => m.memberId)).toEqual([a, c.memberId]);
  });

  it('pending-sync timeout: a member that does not sync is removed and the group rebalances', async () => {
    const t = setup();
    const a = await joinWithId(t, { clientId: 'a' });
    const b = await joinWithId(t, { clientId: 'b' });
    t.clock.advance(0);
    const [ra, rb] = await Promise.all([a.join, b.join]);
    await t.coordinator.sync({ groupId: GROUP, generationId: 1, memberId: ra.memberId, assignments: [] });
    expect(t.coordinator.groupState(GROUP)).toBe('Stable');
    for (let elapsed = 0; elapsed < REBALANCE; elapsed += 3000) {
      expect(t.coordinator.groupState(GROUP)).toBe('Stable');
      for (const memberId of [ra.memberId, rb.memberId])
        t.coordinator.heartbeat({ groupId: GROUP, generationId: 1, memberId });
      t.clock.advance(3000);
    }
    expect(t.coordinator.groupState(GROUP)).toBe('PreparingRebalance');
    expect(t.coordinator.heartbeat({ groupId: GROUP, generationId: 1, memberId: rb.memberId }).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
  });

  it('LeaveGroup: batched, per-member errors, rebalance at once; leaving the last member empties the group', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    const result = t.coordinator.leave({ groupId: GROUP, members: [{ memberId: g.ids[1]! }, { memberId: 'nobody' }] });
    expect(result).toEqual({
      errorCode: 0,
      members: [
        { memberId: g.ids[1], groupInstanceId: null, errorCode: 0 },
        { memberId: 'nobody', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID },
      ],
    });
    expect(t.coordinator.groupState(GROUP)).toBe('PreparingRebalance');
    const rejoin = await t.coordinator.join(joinParams({ memberId: g.ids[0]! }));
    expect(rejoin.members).toHaveLength(1);
    expect(t.coordinator.leave({ groupId: 'unknown-group', members: [{ memberId: 'm' }] }).members[0]!.errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
    t.coordinator.leave({ groupId: GROUP, members: [{ memberId: g.ids[0]! }] });
    expect(t.coordinator.groupState(GROUP)).toBe('Empty');
  });

  it('a member leaving while others are parked in the join phase completes it', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    const join = t.coordinator.join(joinParams({ memberId: g.leaderId }));
    t.coordinator.leave({ groupId: GROUP, members: [{ memberId: g.ids[1]! }] });
    expect((await join).generationId).toBe(2);
  });
});
