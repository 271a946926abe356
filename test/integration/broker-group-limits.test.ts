// Bounds on what group APIs make the broker hold: members and KIP-394 pending members per group
// (groupMaxSize) and per broker (maxBrokerGroupMembers), and groups per broker (maxBrokerGroups).
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/errors.js';
import { useBrokerFixtures } from '../helpers/broker.js';
import { heartbeat, joinAlone, joinRequest } from '../helpers/groups.js';

const fixtures = useBrokerFixtures();

describe('group limits', () => {
  it('bounds JoinGroup spam with empty member ids by the default groupMaxSize, and the group stays usable', async () => {
    const broker = await fixtures.broker();
    const member = await fixtures.client(broker);
    const spammer = await fixtures.client(broker);
    const { memberId, generationId } = await joinAlone(member, 'g');
    // Pipelined: each would leave a pending member id behind for the session timeout.
    const answers = await Promise.all(
      Array.from({ length: 1000 }, () =>
        spammer.request('JoinGroup', joinRequest('g', '', { sessionTimeoutMs: 1_800_000 })),
      ),
    );
    const codes = answers.map((a) => a.errorCode);
    expect(codes.filter((c) => c === ErrorCode.MEMBER_ID_REQUIRED)).toHaveLength(999);
    expect(codes.slice(999)).toEqual([ErrorCode.GROUP_MAX_SIZE_REACHED]);
    expect(await heartbeat(member, 'g', generationId, memberId)).toBe(ErrorCode.NONE);
    // Pending ids that leave make room again.
    const pending = answers.find((a) => a.errorCode === ErrorCode.MEMBER_ID_REQUIRED)!.memberId;
    await spammer.request('LeaveGroup', { groupId: 'g', members: [{ memberId: pending }] });
    expect((await spammer.request('JoinGroup', joinRequest('g', ''))).errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect((await spammer.request('JoinGroup', joinRequest('g', ''))).errorCode).toBe(ErrorCode.GROUP_MAX_SIZE_REACHED);
  });

  it('bounds members and pending members of all groups by maxBrokerGroupMembers', async () => {
    const broker = await fixtures.broker({ maxBrokerGroupMembers: 5 });
    const client = await fixtures.client(broker);
    await joinAlone(client, 'a');
    const codes = [];
    for (let i = 0; i < 5; i++)
      codes.push((await client.request('JoinGroup', joinRequest(`spread-${i}`, ''))).errorCode);
    expect(codes).toEqual([...Array(4).fill(ErrorCode.MEMBER_ID_REQUIRED), ErrorCode.GROUP_MAX_SIZE_REACHED]);
  });

  it('bounds the groups of the broker by maxBrokerGroups, on JoinGroup and on commits outside group management', async () => {
    const broker = await fixtures.broker({ maxBrokerGroups: 2 });
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 't', numPartitions: 1 }] });
    expect((await client.request('JoinGroup', joinRequest('one', ''))).errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    const commit = (groupId: string) =>
      client.request('OffsetCommit', {
        groupId,
        generationId: -1,
        memberId: '',
        topics: [{ name: 't', partitions: [{ partition: 0, committedOffset: 0 }] }],
      });
    expect((await commit('two')).topics[0]!.partitions[0]!.errorCode).toBe(0);
    expect((await client.request('JoinGroup', joinRequest('three', ''))).errorCode).toBe(ErrorCode.POLICY_VIOLATION);
    expect((await commit('three')).topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.POLICY_VIOLATION);
    // Known groups keep working; deleting one makes room.
    expect((await commit('two')).topics[0]!.partitions[0]!.errorCode).toBe(0);
    expect((await client.request('DeleteGroups', { groups: ['two'] })).results[0]!.errorCode).toBe(0);
    expect((await commit('three')).topics[0]!.partitions[0]!.errorCode).toBe(0);
    expect((await client.request('ListGroups', {})).groups.map((g) => g.groupId).sort()).toEqual(['one', 'three']);
  });
});
