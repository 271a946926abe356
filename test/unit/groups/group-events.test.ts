// The coordinator's group events (for logs and metrics), last heartbeat times and inspectGroup.
import { describe, expect, it } from 'vitest';
import type { GroupEvent } from '../../../server/groups/group-events.js';
import { GROUP, SESSION, setup, stableGroup } from './harness.js';

function recording() {
  const events: GroupEvent[] = [];
  const t = setup({}, { events: (e) => events.push(e) });
  return { ...t, events, types: () => events.map((e) => e.type) };
}

describe('group events', () => {
  it('tells of joins, the rebalance start with its reason, and its completion with the duration', async () => {
    const t = recording();
    await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    expect(t.types()).toEqual(['member-joined', 'rebalance-started', 'member-joined', 'rebalance-completed']);
    const [joined, started, , completed] = t.events;
    expect(joined).toMatchObject({ groupId: GROUP, memberId: 'a-1', clientId: 'a', generationId: 0 });
    expect(started).toMatchObject({ reason: 'member a-1 joined', generationId: 0 });
    expect(completed).toMatchObject({
      type: 'rebalance-completed',
      state: 'Stable',
      generationId: 1,
      members: 2,
      durationMs: 0,
    });
  });

  it('tells a leave from an expiry, with the rebalance that follows', async () => {
    const t = recording();
    const { ids } = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    t.events.length = 0;
    t.coordinator.leave({ groupId: GROUP, members: [{ memberId: ids[0]! }] });
    expect(t.events[0]).toMatchObject({
      type: 'member-left',
      memberId: ids[0],
      generationId: 1,
      reason: 'left the group',
    });
    expect(t.events[1]).toMatchObject({ type: 'rebalance-started', reason: `member ${ids[0]} left (left the group)` });
    t.events.length = 0;
    t.clock.advance(SESSION + 1);
    expect(t.events.find((e) => e.type === 'member-expired')).toMatchObject({ memberId: ids[1] });
    expect(t.events.at(-1)).toMatchObject({ type: 'rebalance-completed', state: 'Empty', members: 0 });
  });

  it('emits nothing and costs nothing without a listener', async () => {
    const t = setup();
    await stableGroup(t, [{ clientId: 'a' }]);
    expect(t.coordinator.groupState(GROUP)).toBe('Stable');
  });
});

describe('inspectGroup', () => {
  it('shows generation, leader, members with assignments and their last heartbeat', async () => {
    const t = recording();
    const { ids, leaderId, generationId } = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    const before = t.coordinator.inspectGroup(GROUP)!;
    expect(before).toMatchObject({
      state: 'Stable',
      generationId,
      leaderId,
      protocolType: 'consumer',
      protocolName: 'range',
    });
    expect(before.members.map((m) => [m.memberId, m.lastHeartbeatAt])).toEqual(ids.map((id) => [id, null]));
    expect(Buffer.from(before.members[0]!.assignment).toString()).toBe(`assignment:${ids[0]}`);
    t.clock.advance(1234);
    t.coordinator.heartbeat({ groupId: GROUP, generationId, memberId: ids[1]! });
    const after = t.coordinator.inspectGroup(GROUP)!;
    expect(after.members[1]!.lastHeartbeatAt).toBe(t.clock.now());
    expect(after.members[0]!.lastHeartbeatAt).toBeNull();
  });

  it('is undefined for an unknown group', () => {
    expect(setup().coordinator.inspectGroup('nope')).toBeUndefined();
  });
});
