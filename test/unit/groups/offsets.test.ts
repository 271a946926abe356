import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../protocol/errors.js';
import type { OffsetCommitParams } from '../../../server/groups/types.js';
import { GROUP, joinParams, joinWithId, setup, stableGroup } from './harness.js';

const DAY = 24 * 60 * 60 * 1000;
const commit = (o: Partial<OffsetCommitParams> = {}): OffsetCommitParams => ({
  groupId: GROUP,
  generationId: -1,
  memberId: '',
  topics: [{ name: 't', partitions: [{ partition: 0, offset: 42, metadata: 'm' }] }],
  ...o,
});
const codes = (r: { topics: { partitions: { errorCode: number }[] }[] }) =>
  r.topics.flatMap((t) => t.partitions.map((p) => p.errorCode));

describe('group coordinator: offsets', () => {
  it('a simple (generation -1) commit creates an Empty group and is fetched back', () => {
    const t = setup();
    expect(codes(t.coordinator.commitOffsets(commit()))).toEqual([0]);
    expect(t.coordinator.groupState(GROUP)).toBe('Empty');
    const fetched = t.coordinator.fetchOffsets({ groupId: GROUP, topics: [{ name: 't', partitions: [0, 1] }] });
    expect(fetched).toEqual({
      errorCode: 0,
      topics: [
        {
          name: 't',
          partitions: [
            { partition: 0, offset: 42, metadata: 'm', errorCode: 0 },
            { partition: 1, offset: -1, metadata: '', errorCode: 0 },
          ],
        },
      ],
    });
    expect(t.coordinator.fetchOffsets({ groupId: GROUP, topics: null }).topics).toEqual([
      { name: 't', partitions: [{ partition: 0, offset: 42, metadata: 'm', errorCode: 0 }] },
    ]);
    expect(
      t.coordinator.fetchOffsets({ groupId: 'unknown', topics: [{ name: 't', partitions: [3] }] }).topics[0]!
        .partitions[0]!.offset,
    ).toBe(-1);
  });

  it('commit validation: members, generations and states', async () => {
    const t = setup();
    expect(codes(t.coordinator.commitOffsets(commit({ generationId: 1, memberId: 'm' })))).toEqual([
      ErrorCode.ILLEGAL_GENERATION,
    ]); // no group, generation >= 0
    const g = await stableGroup(t, [{ clientId: 'a' }, { clientId: 'b' }]);
    const member = g.ids[0]!;
    expect(codes(t.coordinator.commitOffsets(commit({ generationId: 1, memberId: member })))).toEqual([0]);
    expect(codes(t.coordinator.commitOffsets(commit()))).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]); // simple commit to a group with members
    expect(codes(t.coordinator.commitOffsets(commit({ generationId: 1, memberId: 'nobody' })))).toEqual([
      ErrorCode.UNKNOWN_MEMBER_ID,
    ]);
    expect(codes(t.coordinator.commitOffsets(commit({ generationId: 0, memberId: member })))).toEqual([
      ErrorCode.ILLEGAL_GENERATION,
    ]);
    expect(codes(t.coordinator.commitOffsets(commit({ generationId: -1, memberId: member })))).toEqual([
      ErrorCode.ILLEGAL_GENERATION,
    ]);
    // PreparingRebalance: members of the current generation may still commit.
    const c = await joinWithId(t, { clientId: 'c' });
    expect(codes(t.coordinator.commitOffsets(commit({ generationId: 1, memberId: member })))).toEqual([0]);
    const joins = [
      t.coordinator.join(joinParams({ memberId: g.ids[0]! })),
      t.coordinator.join(joinParams({ memberId: g.ids[1]! })),
      c.join,
    ];
    await Promise.all(joins);
    expect(t.coordinator.groupState(GROUP)).toBe('CompletingRebalance');
    expect(codes(t.coordinator.commitOffsets(commit({ generationId: 2, memberId: member })))).toEqual([
      ErrorCode.REBALANCE_IN_PROGRESS,
    ]);
    expect(codes(t.coordinator.commitOffsets(commit({ generationId: 1, memberId: member })))).toEqual([
      ErrorCode.ILLEGAL_GENERATION,
    ]);
  });

  it('metadata over 4096 UTF-16 code units gets OFFSET_METADATA_TOO_LARGE, per partition', () => {
    const t = setup();
    const result = t.coordinator.commitOffsets(
      commit({
        topics: [
          {
            name: 't',
            partitions: [
              { partition: 0, offset: 1, metadata: 'x'.repeat(4096) },
              { partition: 1, offset: 1, metadata: 'x'.repeat(4097) },
              { partition: 2, offset: 1, metadata: '😀'.repeat(2049) }, // 4098 code units, 2049 code points
              { partition: 3, offset: 1, metadata: null },
            ],
          },
        ],
      }),
    );
    expect(codes(result)).toEqual([0, ErrorCode.OFFSET_METADATA_TOO_LARGE, ErrorCode.OFFSET_METADATA_TOO_LARGE, 0]);
    const fetched = t.coordinator.fetchOffsets({ groupId: GROUP, topics: null }).topics[0]!.partitions;
    expect(fetched.map((p) => p.partition)).toEqual([0, 3]);
    expect(fetched[1]!.metadata).toBe('');
  });

  it('commits to unknown topics or partitions get UNKNOWN_TOPIC_OR_PARTITION', () => {
    const topics = new Map([['t', 2]]);
    const t = setup({}, { topics: { partitionCount: (name) => topics.get(name) } });
    const result = t.coordinator.commitOffsets(
      commit({
        topics: [
          {
            name: 't',
            partitions: [
              { partition: 1, offset: 5 },
              { partition: 2, offset: 5 },
            ],
          },
          { name: 'nope', partitions: [{ partition: 0, offset: 5 }] },
        ],
      }),
    );
    expect(codes(result)).toEqual([0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
  });

  it("a commit refreshes the member's session", async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a' }]);
    for (let i = 0; i < 5; i++) {
      t.clock.advance(8000);
      expect(codes(t.coordinator.commitOffsets(commit({ generationId: 1, memberId: g.ids[0]! })))).toEqual([0]);
    }
    expect(t.coordinator.groupState(GROUP)).toBe('Stable');
  });

  it('offsets of a consumer group that stays Empty for the retention expire, then the group is Dead', async () => {
    const t = setup({ offsetsRetentionMs: 7 * DAY, offsetsRetentionCheckIntervalMs: 60_000 });
    const g = await stableGroup(t, [{ clientId: 'a', sessionTimeoutMs: 30 * 60_000 }]);
    t.coordinator.commitOffsets(commit({ generationId: 1, memberId: g.ids[0]! }));
    // The member stays an hour after its last commit: retention counts from when the group empties.
    for (let i = 0; i < 6; i++) {
      t.clock.advance(10 * 60_000);
      t.coordinator.heartbeat({ groupId: GROUP, generationId: 1, memberId: g.ids[0]! });
    }
    t.coordinator.leave({ groupId: GROUP, members: [{ memberId: g.ids[0]! }] });
    expect(t.coordinator.groupState(GROUP)).toBe('Empty');
    t.clock.advance(7 * DAY - 60_000);
    expect(t.coordinator.fetchOffsets({ groupId: GROUP, topics: null }).topics).toHaveLength(1);
    t.clock.advance(120_000);
    expect(t.coordinator.fetchOffsets({ groupId: GROUP, topics: null }).topics).toEqual([]);
    expect(t.coordinator.groupState(GROUP)).toBeUndefined();
    expect(t.coordinator.listGroups()).toEqual([]);
  });

  it("a simple group's offsets expire one by one from their commit time", () => {
    const t = setup({ offsetsRetentionMs: DAY, offsetsRetentionCheckIntervalMs: 1000 });
    t.coordinator.commitOffsets(commit());
    t.clock.advance(DAY / 2);
    t.coordinator.commitOffsets(commit({ topics: [{ name: 'u', partitions: [{ partition: 0, offset: 1 }] }] }));
    t.clock.advance(DAY / 2 + 1000);
    expect(t.coordinator.fetchOffsets({ groupId: GROUP, topics: null }).topics.map((x) => x.name)).toEqual(['u']);
    t.clock.advance(DAY / 2);
    expect(t.coordinator.groupState(GROUP)).toBeUndefined();
  });

  it('a Stable group keeps its offsets; offsets of topics it no longer subscribes to expire (with a subscription reader)', async () => {
    const t = setup(
      { offsetsRetentionMs: DAY, offsetsRetentionCheckIntervalMs: 1000 },
      { readSubscription: () => ['t'] },
    );
    const g = await stableGroup(t, [{ clientId: 'a', sessionTimeoutMs: 30 * 60_000 }]);
    t.coordinator.commitOffsets(
      commit({
        generationId: 1,
        memberId: g.ids[0]!,
        topics: [
          { name: 't', partitions: [{ partition: 0, offset: 1 }] },
          { name: 'old', partitions: [{ partition: 0, offset: 1 }] },
        ],
      }),
    );
    for (let i = 0; i < 108; i++) {
      t.clock.advance(20 * 60_000);
      t.coordinator.heartbeat({ groupId: GROUP, generationId: 1, memberId: g.ids[0]! });
    }
    expect(t.coordinator.groupState(GROUP)).toBe('Stable');
    expect(t.coordinator.fetchOffsets({ groupId: GROUP, topics: null }).topics.map((x) => x.name)).toEqual(['t']);
  });

  it('groups found in the store at start-up come back Empty and their retention restarts', async () => {
    const first = setup({ offsetsRetentionMs: DAY });
    first.coordinator.commitOffsets(commit());
    first.coordinator.close();
    const { GroupCoordinator } = await import('../../../server/groups/coordinator.js');
    const clock = first.clock;
    clock.advance(2 * DAY);
    const second = new GroupCoordinator({
      offsets: first.store,
      clock,
      config: { offsetsRetentionMs: DAY, offsetsRetentionCheckIntervalMs: 1000 },
    });
    second.activate();
    expect(second.listGroups()).toEqual([{ groupId: GROUP, protocolType: '', state: 'Empty' }]);
    clock.advance(DAY / 2);
    expect(second.fetchOffsets({ groupId: GROUP, topics: null }).topics).toHaveLength(1);
    clock.advance(DAY);
    expect(second.fetchOffsets({ groupId: GROUP, topics: null }).topics).toEqual([]);
  });
});

describe('group coordinator: describe, list, delete', () => {
  it('describes a Stable group with metadata and assignments, and an unknown group as Dead', async () => {
    const t = setup();
    const g = await stableGroup(t, [{ clientId: 'a', clientHost: '/10.0.0.1' }]);
    const d = t.coordinator.describeGroup(GROUP);
    expect(d).toMatchObject({
      errorCode: 0,
      groupId: GROUP,
      state: 'Stable',
      protocolType: 'consumer',
      protocol: 'range',
    });
    expect(d.members).toEqual([
      {
        memberId: g.ids[0],
        groupInstanceId: null,
        clientId: 'a',
        clientHost: '/10.0.0.1',
        metadata: new Uint8Array(Buffer.from('sub')),
        assignment: g.synced[0]!.assignment,
      },
    ]);
    expect(t.coordinator.describeGroup('nope')).toMatchObject({ errorCode: 0, state: 'Dead', members: [] });
  });

  it('lists groups with an optional state filter', async () => {
    const t = setup();
    await stableGroup(t, [{ clientId: 'a' }]);
    t.coordinator.commitOffsets(commit({ groupId: 'simple' }));
    expect(t.coordinator.listGroups()).toEqual([
      { groupId: GROUP, protocolType: 'consumer', state: 'Stable' },
      { groupId: 'simple', protocolType: '', state: 'Empty' },
    ]);
    expect(t.coordinator.listGroups(['Empty']).map((g) => g.groupId)).toEqual(['simple']);
    expect(t.coordinator.listGroups(['stable']).map((g) => g.groupId)).toEqual([GROUP]);
  });

  it('deletes only Empty groups, with their offsets', async () => {
    const t = setup();
    await stableGroup(t, [{ clientId: 'a' }]);
    expect(t.coordinator.deleteGroup(GROUP)).toBe(ErrorCode.NON_EMPTY_GROUP);
    expect(t.coordinator.deleteGroup('nope')).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
    t.coordinator.commitOffsets(commit({ groupId: 'simple' }));
    expect(t.coordinator.deleteGroup('simple')).toBe(0);
    expect(t.store.fetch('simple')).toEqual([]);
    expect(t.coordinator.deleteGroup('simple')).toBe(ErrorCode.GROUP_ID_NOT_FOUND);
  });
});
