import { describe, expect, it } from 'vitest';
import { Api } from '../../protocol/apis.js';
import { decodeAssignment, encodeSubscription } from '../../protocol/consumer-protocol.js';
import { encodeBody } from '../../protocol/envelope.js';
import { ErrorCode } from '../../protocol/errors.js';
import { useBrokerFixtures } from '../helpers/broker.js';
import {
  assignmentOf,
  commit,
  createTopic,
  heartbeat,
  heartbeatUntil,
  join,
  joinAlone,
  joinRequest,
  memberIdFor,
  sync,
  twoMembers,
} from '../helpers/groups.js';

const fixtures = useBrokerFixtures();

describe('broker consumer groups: bad input', () => {
  it('refuses unknown and stale member ids with UNKNOWN_MEMBER_ID', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    const b = await fixtures.client(broker);
    expect((await join(a, 'nowhere', 'made-up')).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const { idA, idB, generationId } = await twoMembers(a, b, 'g');
    expect((await join(b, 'g', 'made-up')).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect((await sync(b, 'g', generationId, 'made-up')).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await heartbeat(b, 'g', generationId, 'made-up')).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await heartbeat(a, 'g', generationId, idA)).toBe(ErrorCode.NONE);

    // B leaves; its id is stale from then on.
    await b.request('LeaveGroup', { groupId: 'g', members: [{ memberId: idB }] });
    expect((await join(b, 'g', idB)).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await heartbeat(b, 'g', generationId, idB)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await join(a, 'g', idA)).toMatchObject({ errorCode: 0, generationId: generationId + 1 });
  });

  it('refuses a wrong generation with ILLEGAL_GENERATION', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    const b = await fixtures.client(broker);
    const { idA, idB, generationId } = await twoMembers(a, b, 'g');
    for (const wrong of [generationId - 1, generationId + 1, -1]) {
      expect(await heartbeat(b, 'g', wrong, idB)).toBe(ErrorCode.ILLEGAL_GENERATION);
      expect((await sync(b, 'g', wrong, idB)).errorCode).toBe(ErrorCode.ILLEGAL_GENERATION);
    }
    expect(await commit(b, 'g', generationId + 1, idB, 't', { 2: 5 })).toEqual([ErrorCode.ILLEGAL_GENERATION]);
    expect(await heartbeat(a, 'g', generationId, idA)).toBe(ErrorCode.NONE);
    expect(await heartbeat(b, 'g', generationId, idB)).toBe(ErrorCode.NONE);
  });

  it('refuses commits to partitions that do not exist, per partition', async () => {
    const broker = await fixtures.broker({ autoCreateTopics: false });
    const a = await fixtures.client(broker);
    await createTopic(a, 't', 2);
    const { memberId: idA, generationId } = await joinAlone(a, 'g');
    const r = await a.request('OffsetCommit', {
      groupId: 'g',
      generationId,
      memberId: idA,
      topics: [
        {
          name: 't',
          partitions: [
            { partition: 0, committedOffset: 3 },
            { partition: 2, committedOffset: 1 },
            { partition: -1, committedOffset: 1 },
          ],
        },
        { name: 'missing', partitions: [{ partition: 0, committedOffset: 1 }] },
      ],
    });
    expect(r.topics.map((t) => [t.name, t.partitions.map((p) => [p.partition, p.errorCode])])).toEqual([
      [
        't',
        [
          [0, 0],
          [2, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
          [-1, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
        ],
      ],
      ['missing', [[0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]],
    ]);
    const fetched = await a.request('OffsetFetch', { groupId: 'g', allTopics: true });
    expect(fetched.topics).toEqual([
      { name: 't', partitions: [{ partition: 0, committedOffset: 3, metadata: '', errorCode: 0 }] },
    ]);
  });

  it('refuses oversized metadata with OFFSET_METADATA_TOO_LARGE and unstorable offsets with INVALID_REQUEST', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    await createTopic(a, 't', 4);
    const { memberId: idA, generationId } = await joinAlone(a, 'g');
    expect(await commit(a, 'g', generationId, idA, 't', { 0: 1 }, 'x'.repeat(4097))).toEqual([
      ErrorCode.OFFSET_METADATA_TOO_LARGE,
    ]);
    expect(await commit(a, 'g', generationId, idA, 't', { 0: 1 }, 'x'.repeat(4096))).toEqual([0]);
    expect(await commit(a, 'g', generationId, idA, 't', { 1: -1, 2: 2 ** 53, 3: 7 })).toEqual([
      ErrorCode.INVALID_REQUEST,
      ErrorCode.INVALID_REQUEST,
      0,
    ]);
    expect(
      (await a.request('OffsetFetch', { groupId: 'g', allTopics: true })).topics[0]!.partitions.map((p) => [
        p.partition,
        p.committedOffset,
      ]),
    ).toEqual([
      [0, 1],
      [3, 7],
    ]);
  });

  it('refuses session timeouts outside the broker bounds with INVALID_SESSION_TIMEOUT', async () => {
    const broker = await fixtures.broker({ groupMinSessionTimeoutMs: 200, groupMaxSessionTimeoutMs: 60_000 });
    const a = await fixtures.client(broker);
    for (const sessionTimeoutMs of [0, 199, 60_001, -5]) {
      expect((await a.request('JoinGroup', joinRequest('g', '', { sessionTimeoutMs }))).errorCode).toBe(
        ErrorCode.INVALID_SESSION_TIMEOUT,
      );
    }
    const { memberId: idA, generationId } = await joinAlone(a, 'g', { sessionTimeoutMs: 200 });
    expect(await heartbeat(a, 'g', generationId, idA)).toBe(ErrorCode.NONE);
  });

  it('ignores assignments for members the group does not have; members left out get nothing', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    const b = await fixtures.client(broker);
    const { idA, idB, generationId } = await twoMembers(a, b, 'g');
    // The leader forces a new generation and assigns to a ghost and itself, leaving B out.
    const rejoinA = join(a, 'g', idA);
    await heartbeatUntil(b, 'g', generationId, idB, ErrorCode.REBALANCE_IN_PROGRESS);
    const [joinedA] = await Promise.all([rejoinA, join(b, 'g', idB)]);
    const syncB = sync(b, 'g', joinedA.generationId, idB);
    const syncA = await sync(a, 'g', joinedA.generationId, idA, [
      { memberId: 'ghost', assignment: assignmentOf({ t: [2, 3] }) },
      { memberId: idA, assignment: assignmentOf({ t: [0] }) },
    ]);
    expect(decodeAssignment(syncA.assignment).assignedPartitions).toEqual([{ topic: 't', partitions: [0] }]);
    expect(await syncB).toMatchObject({ errorCode: 0 });
    expect(decodeAssignment((await syncB).assignment).assignedPartitions).toEqual([]);
    const described = (await a.request('DescribeGroups', { groups: ['g'] })).groups[0]!;
    expect(described.state).toBe('Stable');
    expect(described.members.map((m) => m.memberId).sort()).toEqual([idA, idB].sort());
    expect(await heartbeat(b, 'g', joinedA.generationId, idB)).toBe(ErrorCode.NONE);
  });

  it('refuses incompatible protocols with INCONSISTENT_GROUP_PROTOCOL', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    const b = await fixtures.client(broker);
    const { memberId: idA, generationId } = await joinAlone(a, 'g');
    const sub = encodeSubscription({ topics: ['t'] });
    expect(
      (await b.request('JoinGroup', joinRequest('g', '', { protocols: [{ name: 'sticky', metadata: sub }] })))
        .errorCode,
    ).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect((await b.request('JoinGroup', joinRequest('g', '', { protocolType: 'connect' }))).errorCode).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
    expect((await b.request('JoinGroup', joinRequest('other', '', { protocols: [] }))).errorCode).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
    expect((await b.request('JoinGroup', joinRequest('other', '', { protocolType: '' }))).errorCode).toBe(
      ErrorCode.INCONSISTENT_GROUP_PROTOCOL,
    );
    expect(
      (await b.request('SyncGroup', { groupId: 'g', generationId, memberId: idA, protocolName: 'roundrobin' }))
        .errorCode,
    ).toBe(ErrorCode.INCONSISTENT_GROUP_PROTOCOL);
    expect(await heartbeat(a, 'g', generationId, idA)).toBe(ErrorCode.NONE);
  });

  it('refuses a joiner beyond groupMaxSize with GROUP_MAX_SIZE_REACHED', async () => {
    const broker = await fixtures.broker({ groupMaxSize: 1 });
    const a = await fixtures.client(broker);
    const b = await fixtures.client(broker);
    const { memberId: idA, generationId } = await joinAlone(a, 'g');
    expect((await b.request('JoinGroup', joinRequest('g', ''))).errorCode).toBe(ErrorCode.GROUP_MAX_SIZE_REACHED);
    expect(await heartbeat(a, 'g', generationId, idA)).toBe(ErrorCode.NONE);
  });

  it('refuses empty group ids, empty instance ids and unknown key types; survives garbage', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    expect((await a.request('JoinGroup', joinRequest('', ''))).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await sync(a, '', 1, 'm')).errorCode).toBe(ErrorCode.INVALID_GROUP_ID);
    expect(await heartbeat(a, '', 1, 'm')).toBe(ErrorCode.INVALID_GROUP_ID);
    expect((await a.request('LeaveGroup', { groupId: '', members: [{ memberId: 'm' }] })).errorCode).toBe(
      ErrorCode.INVALID_GROUP_ID,
    );
    expect((await a.request('JoinGroup', joinRequest('g', '', { groupInstanceId: '' }))).errorCode).toBe(
      ErrorCode.INVALID_REQUEST,
    );
    // Key type 1 (transactional ids) is served; 2 is not a key type.
    const found = await a.request('FindCoordinator', { keyType: 2, keys: ['x'] });
    expect(found.coordinators[0]).toMatchObject({ key: 'x', errorCode: ErrorCode.INVALID_REQUEST, nodeId: -1 });
    // Subscription bytes are opaque: garbage is carried, not decoded.
    const garbage = new Uint8Array([0xff, 0xff, 0xff, 0x01]);
    const { memberId: idA, generationId } = await joinAlone(a, 'g', {
      protocols: [{ name: 'range', metadata: garbage }],
    });
    expect(await heartbeat(a, 'g', generationId, idA)).toBe(ErrorCode.NONE);
    broker.services.coordinators.expireOffsets();
    // A truncated body is INVALID_REQUEST on its correlation id; the connection goes on.
    const body = encodeBody(Api.JoinGroup.request, joinRequest('g', 'x'.repeat(40)));
    expect((await a.send(Api.JoinGroup.key, 0, body.subarray(0, body.length - 3))).errorCode).toBe(
      ErrorCode.INVALID_REQUEST,
    );
    expect(await heartbeat(a, 'g', generationId, idA)).toBe(ErrorCode.NONE);
    const idB = await memberIdFor(a, 'g2');
    expect(idB).toMatch(/^raw-test-/);
  });
});
