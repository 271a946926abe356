import { describe, expect, it } from 'vitest';
import { decodeAssignment, encodeSubscription, fromTopicPartitions } from '../../protocol/consumer-protocol.js';
import { ErrorCode } from '../../protocol/errors.js';
import { useBrokerFixtures } from '../helpers/broker.js';
import {
  assignmentOf,
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
const partitionsOf = (bytes: Uint8Array) =>
  fromTopicPartitions(decodeAssignment(bytes).assignedPartitions).map((tp) => `${tp.topic}-${tp.partition}`);

describe('broker consumer groups: membership', () => {
  it('runs the join flow on the wire: member id, generations, leader, protocol vote, own assignments', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    const b = await fixtures.client(broker);
    const subA = encodeSubscription({ topics: ['t'] });
    const subB = encodeSubscription({ topics: ['t', 'u'] });
    const protocolsA = [
      { name: 'range', metadata: subA },
      { name: 'roundrobin', metadata: subA },
    ];

    const first = await a.request('JoinGroup', joinRequest('g', '', { protocols: protocolsA }));
    expect(first.errorCode).toBe(ErrorCode.MEMBER_ID_REQUIRED);
    expect(first.memberId).toMatch(/^raw-test-[0-9a-f-]{36}$/);
    const idA = first.memberId;

    const joinedA = await join(a, 'g', idA, { protocols: protocolsA });
    expect(joinedA).toMatchObject({
      errorCode: 0,
      generationId: 1,
      leader: idA,
      memberId: idA,
      protocolType: 'consumer',
      protocolName: 'range',
    });
    expect(joinedA.members).toEqual([{ memberId: idA, metadata: Buffer.from(subA) }]);
    const syncedA = await sync(a, 'g', 1, idA, [{ memberId: idA, assignment: assignmentOf({ t: [0, 1, 2, 3] }) }]);
    expect(syncedA).toMatchObject({ errorCode: 0, protocolType: 'consumer', protocolName: 'range' });
    expect(partitionsOf(syncedA.assignment)).toEqual(['t-0', 't-1', 't-2', 't-3']);
    expect(await heartbeat(a, 'g', 1, idA)).toBe(ErrorCode.NONE);

    // B supports only roundrobin: the one protocol every member has wins the next vote.
    const protocolsB = [{ name: 'roundrobin', metadata: subB }];
    const idB = await memberIdFor(b, 'g', { protocols: protocolsB });
    const joinB = join(b, 'g', idB, { protocols: protocolsB });
    expect(await heartbeatUntil(a, 'g', 1, idA, ErrorCode.REBALANCE_IN_PROGRESS)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    const [rejoinedA, joinedB] = await Promise.all([join(a, 'g', idA, { protocols: protocolsA }), joinB]);
    for (const r of [rejoinedA, joinedB])
      expect(r).toMatchObject({ errorCode: 0, generationId: 2, leader: idA, protocolName: 'roundrobin' });
    expect(rejoinedA.members.map((m) => m.memberId).sort()).toEqual([idA, idB].sort());
    expect(rejoinedA.members.find((m) => m.memberId === idB)!.metadata).toEqual(Buffer.from(subB));
    expect(joinedB.members).toEqual([]);

    // The follower's SyncGroup waits for the leader's; each gets only its own assignment.
    const syncB = sync(b, 'g', 2, idB);
    const syncA = await sync(a, 'g', 2, idA, [
      { memberId: idA, assignment: assignmentOf({ t: [0, 1] }) },
      { memberId: idB, assignment: assignmentOf({ t: [2, 3], u: [0] }) },
    ]);
    expect(partitionsOf(syncA.assignment)).toEqual(['t-0', 't-1']);
    expect(partitionsOf((await syncB).assignment)).toEqual(['t-2', 't-3', 'u-0']);
    expect(await heartbeat(a, 'g', 2, idA)).toBe(ErrorCode.NONE);
    expect(await heartbeat(b, 'g', 2, idB)).toBe(ErrorCode.NONE);
  });

  it('removes a member whose session expires; the survivor is told to rejoin and leads the next generation', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    const b = await fixtures.client(broker);
    const session = { sessionTimeoutMs: 250, rebalanceTimeoutMs: 2000 };
    const { idA, idB, generationId } = await twoMembers(a, b, 'g', session);

    // B stops heartbeating (its connection stays open); A keeps going until it hears of the rebalance.
    expect(await heartbeatUntil(a, 'g', generationId, idA, ErrorCode.REBALANCE_IN_PROGRESS)).toBe(
      ErrorCode.REBALANCE_IN_PROGRESS,
    );
    const rejoined = await join(a, 'g', idA, session);
    expect(rejoined).toMatchObject({ errorCode: 0, generationId: generationId + 1, leader: idA });
    expect(rejoined.members.map((m) => m.memberId)).toEqual([idA]);
    expect(await heartbeat(b, 'g', generationId, idB)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it('lets a restarted static member take its place without a rebalance and fences its old member id', async () => {
    const broker = await fixtures.broker();
    const s1 = await fixtures.client(broker);
    const d = await fixtures.client(broker);
    const staticJoin = { groupInstanceId: 'instance-1', sessionTimeoutMs: 30_000 };

    // A static member needs no MEMBER_ID_REQUIRED round: its id comes with the first answer.
    const first = await joinAlone(s1, 'g', staticJoin);
    expect(first.memberId).toMatch(/^instance-1-/);
    const idD = await memberIdFor(d, 'g');
    const joinD = join(d, 'g', idD);
    await heartbeatUntil(s1, 'g', first.generationId, first.memberId, ErrorCode.REBALANCE_IN_PROGRESS);
    const [rejoined] = await Promise.all([join(s1, 'g', first.memberId, staticJoin), joinD]);
    const generation = rejoined.generationId;
    const syncD = sync(d, 'g', generation, idD);
    await sync(
      s1,
      'g',
      generation,
      first.memberId,
      [
        { memberId: first.memberId, assignment: assignmentOf({ t: [0, 1] }) },
        { memberId: idD, assignment: assignmentOf({ t: [2, 3] }) },
      ],
      'instance-1',
    );
    expect((await syncD).errorCode).toBe(0);

    // The process restarts: new connection, no member id, same instance id and subscription.
    s1.destroy();
    const s2 = await fixtures.client(broker);
    const back = await join(s2, 'g', '', staticJoin);
    expect(back).toMatchObject({ errorCode: 0, generationId: generation, leader: back.memberId, skipAssignment: true });
    expect(back.memberId).not.toBe(first.memberId);
    const again = await sync(s2, 'g', generation, back.memberId, [], 'instance-1');
    expect(partitionsOf(again.assignment)).toEqual(['t-0', 't-1']);
    expect(await heartbeat(d, 'g', generation, idD)).toBe(ErrorCode.NONE);
    expect(await heartbeat(s2, 'g', generation, back.memberId, 'instance-1')).toBe(ErrorCode.NONE);
    expect(await heartbeat(s2, 'g', generation, first.memberId, 'instance-1')).toBe(ErrorCode.FENCED_INSTANCE_ID);
    const describe = await d.request('DescribeGroups', { groups: ['g'] });
    expect(describe.groups[0]!.members.map((m) => m.memberId).sort()).toEqual([back.memberId, idD].sort());
  });

  it('starts a rebalance at once when a member leaves', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    const b = await fixtures.client(broker);
    const { idA, idB, generationId } = await twoMembers(a, b, 'g');
    const left = await b.request('LeaveGroup', { groupId: 'g', members: [{ memberId: idB }, { memberId: 'nobody' }] });
    expect(left.errorCode).toBe(0);
    expect(left.members.map((m) => [m.memberId, m.errorCode])).toEqual([
      [idB, 0],
      ['nobody', ErrorCode.UNKNOWN_MEMBER_ID],
    ]);
    expect(await heartbeat(a, 'g', generationId, idA)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(await join(a, 'g', idA)).toMatchObject({ errorCode: 0, generationId: generationId + 1 });
  });

  it('answers parked joins and syncs when the broker closes', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    const b = await fixtures.client(broker);
    const { memberId: idA } = await joinAlone(a, 'g');
    const idB = await memberIdFor(b, 'g');
    const parked = join(b, 'g', idB); // waits for A to rejoin
    await heartbeatUntil(a, 'g', 1, idA, ErrorCode.REBALANCE_IN_PROGRESS);
    // Closing answers the parked join rather than waiting out its rebalance: the answer is in
    // before close() resolves.
    const order: string[] = [];
    void parked.then(() => order.push('join answered'));
    await broker.close();
    order.push('closed');
    expect(order).toEqual(['join answered', 'closed']);
    expect((await parked).errorCode).toBe(ErrorCode.COORDINATOR_NOT_AVAILABLE);
  });
});
