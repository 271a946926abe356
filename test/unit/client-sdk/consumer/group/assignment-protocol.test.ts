import { describe, expect, it } from 'vitest';
import { range } from '../../../../../client-sdk/assignors/range.js';
import { roundRobin } from '../../../../../client-sdk/assignors/round-robin.js';
import { cooperativeSticky } from '../../../../../client-sdk/assignors/cooperative-sticky.js';
import type { Assignor } from '../../../../../client-sdk/assignors/types.js';
import {
  byTopic,
  decodeMembers,
  diffAssignment,
  generationProtocol,
  groupTopics,
  joinProtocols,
  leaderAssign,
  readAssignment,
  rebalanceProtocol,
  subscribedOnly,
} from '../../../../../client-sdk/consumer/group/assignment-protocol.js';
import { decodeSubscription } from '../../../../../protocol/consumer-protocol.js';

const tp = (topic: string, partition: number) => ({ topic, partition });

describe('assignment protocol', () => {
  it('lists one protocol per assignor, each carrying the subscription with owned partitions and generation', () => {
    const protocols = joinProtocols([range, roundRobin], {
      topics: ['a', 'b'],
      ownedPartitions: [tp('b', 1), tp('a', 0)],
      generationId: 7,
    });
    expect(protocols.map((p) => p.name)).toEqual(['range', 'roundrobin']);
    expect(decodeSubscription(protocols[0]!.metadata)).toMatchObject({
      topics: ['a', 'b'],
      generationId: 7,
      ownedPartitions: [
        { topic: 'a', partitions: [0] },
        { topic: 'b', partitions: [1] },
      ],
    });
  });

  it('the leader decodes every member, runs the selected assignor and encodes each assignment', () => {
    const metadata = (topics: string[]) =>
      joinProtocols([range], { topics, ownedPartitions: [], generationId: -1 })[0]!.metadata;
    const members = decodeMembers([
      { memberId: 'm2', metadata: metadata(['t']) },
      { memberId: 'm1', metadata: metadata(['t', '__proto__']) },
      { memberId: 'broken', metadata: new Uint8Array([0xff, 0xff, 0xff]) },
    ]);
    expect(members[2]).toMatchObject({ memberId: 'broken', topics: [] });
    expect(groupTopics(members)).toEqual(['__proto__', 't']);
    const assignments = leaderAssign(
      [roundRobin, range],
      'range',
      members,
      new Map([
        ['t', 4],
        ['__proto__', 1],
      ]),
    );
    const byMember = Object.fromEntries(assignments.map((a) => [a.memberId, readAssignment(a.assignment)]));
    expect(byMember).toEqual({
      m1: [tp('__proto__', 0), tp('t', 0), tp('t', 1)],
      m2: [tp('t', 2), tp('t', 3)],
      broken: [],
    });
    expect(() => leaderAssign([range], 'sticky', members, new Map())).toThrow(/sticky/);
  });

  it('reads an empty assignment as nothing assigned', () => {
    expect(readAssignment(new Uint8Array())).toEqual([]);
  });

  it('diffs owned and assigned partitions into revoked, added and kept', () => {
    expect(diffAssignment([tp('a', 0), tp('a', 1), tp('b', 0)], [tp('a', 1), tp('b', 0), tp('b', 1)])).toEqual({
      revoked: [tp('a', 0)],
      added: [tp('b', 1)],
      kept: [tp('a', 1), tp('b', 0)],
    });
  });

  it('groups partitions by topic without a prototype, sorted', () => {
    const grouped = byTopic([tp('constructor', 2), tp('constructor', 0), tp('x', 1)]);
    expect(Object.getPrototypeOf(grouped)).toBeNull();
    expect({ ...grouped }).toEqual({ constructor: [0, 2], x: [1] });
  });

  it('is cooperative only when every assignor supports it', () => {
    const coop: Assignor = { name: 'coop', supportedProtocols: ['eager', 'cooperative'], assign: () => ({}) };
    expect(rebalanceProtocol([coop])).toBe('cooperative');
    expect(rebalanceProtocol([coop, range])).toBe('eager');
  });

  it('follows cooperative in a generation only when this member and the chosen assignor both support it (Kafka upgrade path)', () => {
    expect(rebalanceProtocol([cooperativeSticky])).toBe('cooperative');
    expect(generationProtocol([cooperativeSticky], 'cooperative-sticky')).toBe('cooperative');
    // First upgrade step: listing an eager-only assignor too keeps the member eager, whatever the group chose.
    expect(generationProtocol([cooperativeSticky, range], 'cooperative-sticky')).toBe('eager');
    expect(generationProtocol([cooperativeSticky, range], 'range')).toBe('eager');
    const eagerOnlyChoice: Assignor = { name: 'custom', supportedProtocols: ['cooperative'], assign: () => ({}) };
    expect(generationProtocol([eagerOnlyChoice, cooperativeSticky], 'unknown')).toBe('eager');
  });

  it('drops assigned partitions of topics the member does not subscribe to', () => {
    expect(subscribedOnly([tp('a', 0), tp('__proto__', 1), tp('b', 2)], ['a', '__proto__'])).toEqual([
      tp('a', 0),
      tp('__proto__', 1),
    ]);
  });
});
