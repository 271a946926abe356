import { describe, expect, it } from 'vitest';
import { Api, apiByKey } from '../../../protocol/apis.js';
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
  fromTopicPartitions,
  NO_GENERATION,
  toTopicPartitions,
} from '../../../protocol/consumer-protocol.js';
import { decodeBody, encodeBody } from '../../../protocol/envelope.js';
import type {
  JoinGroupRequest,
  OffsetCommitRequest,
  OffsetFetchResponse,
  SyncGroupRequest,
} from '../../../protocol/messages.js';

describe('consumer protocol bytes', () => {
  it('round-trips a full subscription', () => {
    const bytes = encodeSubscription({
      topics: ['a', '__proto__'],
      userData: Buffer.from([1, 2]),
      ownedPartitions: [{ topic: 'a', partitions: [0, 3] }],
      generationId: 7,
      rackId: 'rack-1',
    });
    const decoded = decodeSubscription(bytes);
    expect(decoded.topics).toEqual(['a', '__proto__']);
    expect(Buffer.from(decoded.userData)).toEqual(Buffer.from([1, 2]));
    expect(decoded.ownedPartitions).toEqual([{ topic: 'a', partitions: [0, 3] }]);
    expect(decoded.generationId).toBe(7);
    expect(decoded.rackId).toBe('rack-1');
  });

  it('fills defaults: generation -1, no rack, nothing owned; generation 0 stays 0', () => {
    const decoded = decodeSubscription(encodeSubscription({ topics: ['t'] }));
    expect(decoded).toMatchObject({ topics: ['t'], ownedPartitions: [], generationId: NO_GENERATION, rackId: null });
    expect(decodeSubscription(encodeSubscription({ topics: ['t'], generationId: 0 })).generationId).toBe(0);
    expect(decodeSubscription(new Uint8Array())).toMatchObject({ topics: [], generationId: -1 });
  });

  it('round-trips an assignment; empty bytes mean nothing assigned', () => {
    const bytes = encodeAssignment({
      assignedPartitions: [{ topic: 'constructor', partitions: [2, 0] }],
      userData: Buffer.from('x'),
    });
    const decoded = decodeAssignment(bytes);
    expect(decoded.assignedPartitions).toEqual([{ topic: 'constructor', partitions: [2, 0] }]);
    expect(decodeAssignment(new Uint8Array()).assignedPartitions).toEqual([]);
  });

  it('throws on bytes that are not a subscription', () => {
    expect(() => decodeSubscription(Buffer.from([0x12, 0x09]))).toThrow();
  });

  it('groups topic/partition pairs and back', () => {
    const lists = toTopicPartitions([
      { topic: 'b', partition: 2 },
      { topic: 'a', partition: 1 },
      { topic: 'b', partition: 0 },
    ]);
    expect(lists).toEqual([
      { topic: 'a', partitions: [1] },
      { topic: 'b', partitions: [0, 2] },
    ]);
    expect(fromTopicPartitions(lists)).toEqual([
      { topic: 'a', partition: 1 },
      { topic: 'b', partition: 0 },
      { topic: 'b', partition: 2 },
    ]);
  });
});

describe('group API messages', () => {
  it("registers the group APIs under Kafka's keys", () => {
    expect(
      [
        Api.OffsetCommit,
        Api.OffsetFetch,
        Api.FindCoordinator,
        Api.JoinGroup,
        Api.Heartbeat,
        Api.LeaveGroup,
        Api.SyncGroup,
        Api.DescribeGroups,
        Api.ListGroups,
        Api.DeleteGroups,
      ].map((a) => a.key),
    ).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 42]);
    expect(apiByKey(11)?.request).toBe('JoinGroupRequest');
  });

  it('keeps an absent group instance id apart from an empty one', () => {
    const base: JoinGroupRequest = {
      groupId: 'g',
      sessionTimeoutMs: 1,
      rebalanceTimeoutMs: 2,
      memberId: '',
      protocolType: 'consumer',
      protocols: [{ name: 'range', metadata: encodeSubscription({ topics: ['t'] }) }],
      reason: '',
    };
    const absent = decodeBody<JoinGroupRequest>('JoinGroupRequest', encodeBody('JoinGroupRequest', base));
    expect(absent.groupInstanceId).toBeUndefined();
    expect(decodeSubscription(absent.protocols[0]!.metadata).topics).toEqual(['t']);
    const present = decodeBody<JoinGroupRequest>(
      'JoinGroupRequest',
      encodeBody('JoinGroupRequest', { ...base, groupInstanceId: 'i-1' }),
    );
    expect(present.groupInstanceId).toBe('i-1');
  });

  it('round-trips sync, commit and fetch bodies', () => {
    const sync: SyncGroupRequest = {
      groupId: 'g',
      generationId: 3,
      memberId: 'm',
      protocolName: 'range',
      assignments: [
        { memberId: 'm', assignment: encodeAssignment({ assignedPartitions: [{ topic: 't', partitions: [0] }] }) },
      ],
    };
    const s = decodeBody<SyncGroupRequest>('SyncGroupRequest', encodeBody('SyncGroupRequest', sync));
    expect(s.protocolName).toBe('range');
    expect(s.protocolType).toBeUndefined();
    expect(decodeAssignment(s.assignments[0]!.assignment).assignedPartitions).toEqual([
      { topic: 't', partitions: [0] },
    ]);
    const commit: OffsetCommitRequest = {
      groupId: 'g',
      generationId: -1,
      memberId: '',
      topics: [{ name: 't', partitions: [{ partition: 0, committedOffset: 2 ** 40 }] }],
    };
    const c = decodeBody<OffsetCommitRequest>('OffsetCommitRequest', encodeBody('OffsetCommitRequest', commit));
    expect(c.generationId).toBe(-1);
    expect(c.topics[0]!.partitions[0]).toMatchObject({ committedOffset: 2 ** 40 });
    expect(c.topics[0]!.partitions[0]!.committedMetadata).toBeUndefined();
    const fetch: OffsetFetchResponse = {
      errorCode: 0,
      topics: [{ name: 't', partitions: [{ partition: 0, committedOffset: -1, metadata: '', errorCode: 0 }] }],
    };
    expect(
      decodeBody<OffsetFetchResponse>('OffsetFetchResponse', encodeBody('OffsetFetchResponse', fetch)).topics[0]!
        .partitions[0]!.committedOffset,
    ).toBe(-1);
  });
});
