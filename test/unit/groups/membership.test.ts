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

describe('group coordinator: joining', () => {
  it('KIP-394: a join without member id gets MEMBER_ID_REQUIRED with a new id, then joins with it', async () => {
    const t = setup();
    const first = await t.coordinator.join(joinParams({ clientId: 'app' }));
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(first.memberId).toMatch(/^app-/);
    expect(t.coordinator.groupState(GROUP)).toBe('Empty');
    const join = track(t.coordinator.join(joinParams({ memberId: first.memberId })));
    await flush();
    expect(join.done).toBe(false);
    expect(t.coordinator.groupState(GROUP)).toBe('PreparingRebalance');
    t.clock.advance(0);
    const result = await join.promise;
    expect(result).toMatchObject({
      errorCode: 0,
      generationId: 1,
      leader: first.memberId,
      memberId: first.memberId,
      protocolName: 'range',
      protocolType: 'consumer',
    });
    expect(result.members).toEqual([{ memberId: first.memberId, groupInstanceId: null, metadata: meta('sub') }]);
    expect(t.coordinator.groupState(GROUP)).toBe('CompletingRebalance');
  });

  it('member ids are generated as clientId-uuid by default', async () => {
    const { GroupCoordinator } = await import('../../../server/groups/coordinator.js');
    const t = setup();
    const real = new GroupCoordinator({ offsets: t.store, clock: t.clock });
    real.activate();
    const first = await real.join(joinParams({ clientId: 'svc' }));
    expect(first.memberId).toMatch(/^svc-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const staticJoin = real.join(joinParams({ groupInstanceId: 'host-7' }));
    t.clock.advance(0);
    expect((await staticJoin).memberId).toMatch(/^host-7-[0-9a-f-]{36}$/);
  });

  it('joiners of the same turn form generation 1; only the leader gets the member list', async () => {
    const t = setup();
    const a = await joinWithId(t, { clientId: 'a' });
    const b = await joinWithId(t, { clientId: 'b', protocols: [{ name: 'range', metadata: meta('b-sub') }] });
    t.clock.advance(0);
    const [ra, rb] = await Promise.all([a.join, b.join]);
    expect(ra.generationId).toBe(1);
    expect(rb.generationId).toBe(1);
    expect(ra.leader).toBe(a.memberId);
    expect(rb.leader).toBe(a.memberId);
    expect(ra.members.map((m) => m.memberId)).toEqual([a.memberId, b.memberId]);
    expect(ra.members[1]!.metadata).toEqual(meta('b-sub'));
    expect(rb.members).toEqual([]);
  });

  it('a join with an unknown member id, or a stale one, gets UNKNOWN_MEMBER_ID', async () => {
    const t = setup();
    expect((await t.coordinator.join(joinParams({ memberId: 'nobody' }))).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    await stableGroup(t, [{ clientId: 'a' }]);
    expect((await t.coordinator.join(joinParams({ memberId: 'stale-id' }))).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
  });

  it('session timeout outside the bounds gets INVALID_SESSION_TIMEOUT', async () => {
    const t = setup();
    expect((await t.coordinator.join(joinParams({ sessionTimeoutMs: 99 }))).errorCode).toBe(
      ErrorCode.INVALID_SESSION_TIMEOUT,
    );
    expect((await t.coordinator.join(joinParams({ sessionTimeoutMs: 30 * 60 * 1000 + 1 }))).errorCode).toBe(
      ErrorCode.INVALID_SESSION_TIMEOUT,
    );
    expect((await t.coordinator.join(joinParams({ sessionTimeoutMs: 100 }))).errorCode).toBe(
      ErrorCode.MEMBER_ID_REQUIRED,
    );
    const strict = setup({ groupMinSessionTimeoutMs: 6000 });
    expect((await strict.coordinator.join(joinParams({ sessionTimeoutMs: 5999 }))).errorCode).toBe(
      ErrorCode.INVALID_SESSION_TIMEOUT,
    );
  });

  it('an empty group id is INVALID_GROUP_ID', async () => {
    const t = setup();
    expect((await t.coordinator.join(joinParams({ groupId: '' }))).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect(t.coordinator.heartbeat({ groupId: '', generationId: 1, memberId: 'x' }).errorCode).toBe(
      ErrorCode.INVALID_GROUP_ID,
    );
  });

  it('group max size: a joiner beyond it gets GROUP_MAX_SIZE_REACHED, the group keeps working', async () => {
    const t = setup({ groupMaxSize: 2 });
    const g = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    // Checked before KIP-394 hands out an id, as in Kafka.
    const result = await t.coordinator.join(joinParams({ clientId: 'c' }));
    expect(result.errorCode).toBe(ErrorCode.GROUP_MAX_SIZE_REACHED);
    expect(result.memberId).toBe('');
    expect(t.coordinator.groupState(GROUP)).toBe('Stable');
    expect(
      t.coordinator.heartbeat({ groupId: GROUP, generationId: g.generationId, memberId: g.ids[0]! }).errorCode,
    ).toBe(0);
  });

  it('protocol vote: candidates are those every member lists; each votes for its first', async () => {
    const t = setup();
    const p = (...names: string[]) => names.map((name) => ({ name, metadata: meta(name) }));
    const a = await joinWithId(t, { protocols: p('roundrobin', 'range', 'sticky') });
    const b = await joinWithId(t, { protocols: p('sticky', 'roundrobin') });
    const c = await joinWithId(t, { protocols: p('roundrobin', 'sticky') });
    t.clock.advance(0);
    const results = await Promise.all([a.join, b.join, c.join]);
    expect(results.map((r) => r.protocolName)).toEqual(['roundrobin', 'roundrobin', 'roundrobin']);
    expect(results[0].members.map((m) => Buffer.from(m.metadata).toString())).toEqual([
      'roundrobin',
      'roundrobin',
      'roundrobin',
    ]);
  });

  it('INCONSISTENT_GROUP_PROTOCOL for a different protocol type or no common protocol', async () => {
    const t = setup();
    await stableGroup(t, [{ protocols: [{ name: 'range', metadata: meta('') }] }]);
    const otherType = await t.coordinator.join(joinParams({ protocolType: 'connect' }));
    expect(otherType.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    const noCommon = await t.coordinator.join(joinParams({ protocols: [{ name: 'roundrobin', metadata: meta('') }] }));
    expect(noCommon.errorCode).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await t.coordinator.join(joinParams({ protocols: [] }))).errorCode).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
    expect(t.coordinator.groupState(GROUP)).toBe('Stable');
  });

  it('KIP-134: the initial delay waits for more joiners and extends while they come', async () => {
    const t = setup({ groupInitialRebalanceDelayMs: 100 });
    const a = await joinWithId(t);
    const ja = track(a.join);
    t.clock.advance(60);
    const b = await joinWithId(t);
    t.clock.advance(40); // first delay over, but b joined: wait another 100
    await flush();
    expect(ja.done).toBe(false);
    t.clock.advance(99);
    await flush();
    expect(ja.done).toBe(false);
    t.clock.advance(1);
    const [ra, rb] = await Promise.all([a.join, b.join]);
    expect(ra.generationId).toBe(1);
    expect(rb.generationId).toBe(1);
  });

  it('with delay 0 a later joiner causes a second rebalance', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }]);
    const b = await joinWithId(t, { clientId: 'b' });
    expect(t.coordinator.groupState(GROUP)).toBe('PreparingRebalance');
    expect(t.coordinator.heartbeat({ groupId: GROUP, generationId: 1, memberId: g.ids[0]! }).errorCode).toBe(
      ErrorCode.REBALANCE_IN_PROGRESS,
    );
    const rejoin = t.coordinator.join(joinParams({ memberId: g.ids[0]! }));
    const [ra, rb] = await Promise.all([rejoin, b.join]);
    expect(ra.generationId).toBe(2);
    expect(rb.generationId).toBe(2);
    expect(ra.leader).toBe(g.ids[0]);
  });

  it('a follower rejoining Stable with the same metadata gets the current generation; the leader forces a rebalance', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    const follower = g.ids.find((id) => id !== g.leaderId)!;
    const same = await t.coordinator.join(joinParams({ memberId: follower }));
    expect(same).toMatchObject({ errorCode: 0, generationId: 1, leader: g.leaderId, members: [] });
    expect(t.coordinator.groupState(GROUP)).toBe('Stable');
    const leaderJoin = t.coordinator.join(joinParams({ memberId: g.leaderId }));
    expect(t.coordinator.groupState(GROUP)).toBe('PreparingRebalance');
    const followerJoin = t.coordinator.join(joinParams({ memberId: follower }));
    expect((await leaderJoin).generationId).toBe(2);
    expect((await followerJoin).generationId).toBe(2);
  });

  it('a follower rejoining with changed metadata triggers a rebalance', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    const follower = g.ids.find((id) => id !== g.leaderId)!;
    const changed = t.coordinator.join(
      joinParams({ memberId: follower, protocols: [{ name: 'range', metadata: meta('new-sub') }] }),
    );
    expect(t.coordinator.groupState(GROUP)).toBe('PreparingRebalance');
    const leader = await t.coordinator.join(joinParams({ memberId: g.leaderId }));
    expect(leader.members.find((m) => m.memberId === follower)!.metadata).toEqual(meta('new-sub'));
    expect((await changed).generationId).toBe(2);
  });

  it('the leader is kept across rebalances while it stays, and replaced when it leaves', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }, { clientId: 'c' }]);
    expect(g.leaderId).toBe(g.ids[0]);
    const left = t.coordinator.leave({ groupId: GROUP, members: [{ memberId: g.leaderId }] });
    expect(left.members).toEqual([{ memberId: g.leaderId, groupInstanceId: null, errorCode: 0 }]);
    expect(t.coordinator.groupState(GROUP)).toBe('PreparingRebalance');
    const [rb, rc] = await Promise.all([
      t.coordinator.join(joinParams({ memberId: g.ids[1]! })),
      t.coordinator.join(joinParams({ memberId: g.ids[2]! })),
    ]);
    expect(rb.leader).toBe(g.ids[1]);
    expect(rc.leader).toBe(g.ids[1]);
    expect(rb.members).toHaveLength(2);
    expect(rb.generationId).toBe(2);
  });

  it('a leader that does not rejoin loses leadership to one that did', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    const follower = g.ids[1]!;
    // b rejoins with new metadata: rebalance; the leader never rejoins.
    const join = t.coordinator.join(
      joinParams({ memberId: follower, protocols: [{ name: 'range', metadata: meta('x') }] }),
    );
    t.clock.advance(REBALANCE);
    const result = await join;
    expect(result.leader).toBe(follower);
    expect(result.members.map((m) => m.memberId)).toEqual([follower]);
    expect(t.coordinator.heartbeat({ groupId: GROUP, generationId: 2, memberId: g.leaderId }).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
  });

  it('rebalance timeout: dynamic members that did not rejoin are dropped', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    const c = await joinWithId(t, { clientId: 'c' });
    const ra = t.coordinator.join(joinParams({ memberId: g.ids[0]! }));
    // b keeps heartbeating (alive) but never rejoins.
    for (let i = 0; i < 5; i++) {
      t.clock.advance(REBALANCE / 5 - 1);
      expect(t.coordinator.heartbeat({ groupId: GROUP, generationId: 1, memberId: g.ids[1]! }).errorCode).toBe(
        ErrorCode.REBALANCE_IN_PROGRESS,
      );
    }
    t.clock.advance(5);
    const [a2, c2] = await Promise.all([ra, c.join]);
    expect(a2.members.map((m) => m.memberId).sort()).toEqual([g.ids[0], c.memberId].sort());
    expect(c2.generationId).toBe(2);
    expect(t.coordinator.heartbeat({ groupId: GROUP, generationId: 2, memberId: g.ids[1]! }).errorCode).toBe(
      ErrorCode.UNKNOWN_MEMBER_ID,
    );
  });

  it('a KIP-394 pending member holds the join phase until it rejoins or its session expires', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }]);
    const pending = await t.coordinator.join(joinParams({ clientId: 'p' }));
    expect(pending.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(t.coordinator.groupState(GROUP)).toBe('Stable');
    const c = await joinWithId(t, { clientId: 'c' });
    const ra = track(t.coordinator.join(joinParams({ memberId: g.ids[0]! })));
    await flush();
    expect(ra.done).toBe(false);
    t.clock.advance(SESSION);
    const result = await ra.promise;
    expect(result.members.map((m) => m.memberId)).toEqual([g.ids[0], c.memberId]);
  });

  it('a second JoinGroup from a parked member answers the first with REBALANCE_IN_PROGRESS', async () => {
    const t = setup();
    const a = await joinWithId(t);
    const again = t.coordinator.join(joinParams({ memberId: a.memberId }));
    expect((await a.join).errorCode).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    t.clock.advance(0);
    expect((await again).generationId).toBe(1);
  });
});
