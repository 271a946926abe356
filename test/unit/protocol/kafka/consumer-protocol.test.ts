// Our consumer protocol is Kafka's, byte for byte: the layout of each version, and KafkaJS's own
// encoder and decoder on the other side.
import { AssignerProtocol } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import {
  decodeAssignment,
  decodeSubscription,
  encodeAssignment,
  encodeSubscription,
} from '../../../../protocol/consumer-protocol.js';

describe("the consumer protocol in Kafka's encoding", () => {
  it('writes a v3 subscription as Kafka lays it out', () => {
    const bytes = encodeSubscription({
      topics: ['t'],
      ownedPartitions: [{ topic: 't', partitions: [1] }],
      generationId: 5,
      rackId: 'r',
    });
    const expected = [
      '0003', // version
      '00000001' + '0001' + '74', // topics: ["t"]
      'ffffffff', // user data: null
      '00000001' + '0001' + '74' + '00000001' + '00000001', // owned: t [1]
      '00000005', // generation id
      '0001' + '72', // rack id "r"
    ].join('');
    expect(Buffer.from(bytes).toString('hex')).toBe(expected);
  });

  it("reads KafkaJS's subscriptions and KafkaJS reads ours", () => {
    const theirs = AssignerProtocol.MemberMetadata.encode({
      version: 0,
      topics: ['a', 'b'],
      userData: Buffer.from('u'),
    });
    const decoded = decodeSubscription(theirs);
    expect(decoded.topics).toEqual(['a', 'b']);
    expect(Buffer.from(decoded.userData).toString()).toBe('u');
    expect(decoded.generationId).toBe(-1);

    const ours = encodeSubscription({ topics: ['x'], userData: Buffer.from('v') });
    const read = AssignerProtocol.MemberMetadata.decode(Buffer.from(ours));
    expect(read?.topics).toEqual(['x']);
    expect(read?.userData.toString()).toBe('v');
  });

  it("reads KafkaJS's assignments and KafkaJS reads ours", () => {
    const theirs = AssignerProtocol.MemberAssignment.encode({
      version: 0,
      assignment: { orders: [0, 2] },
      userData: Buffer.alloc(0),
    });
    expect(decodeAssignment(theirs).assignedPartitions).toEqual([{ topic: 'orders', partitions: [0, 2] }]);

    const ours = encodeAssignment({ assignedPartitions: [{ topic: 'orders', partitions: [1, 3] }] });
    expect(AssignerProtocol.MemberAssignment.decode(Buffer.from(ours))?.assignment).toEqual({ orders: [1, 3] });
  });

  it('reads a version newer than ours with our newest layout, ignoring what follows', () => {
    const v3 = Buffer.from(encodeAssignment({ assignedPartitions: [{ topic: 'q', partitions: [0] }] }));
    const v9 = Buffer.concat([Buffer.from([0, 9]), v3.subarray(2), Buffer.from([1, 2, 3])]);
    expect(decodeAssignment(v9).assignedPartitions).toEqual([{ topic: 'q', partitions: [0] }]);
  });
});
