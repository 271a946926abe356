import { describe, expect, it, vi } from 'vitest';
import { checkElementCount, TooManyElementsError } from '../../../protocol/element-count.js';
import { decodeSubscription, encodeSubscription } from '../../../protocol/consumer-protocol.js';
import { decodeBody, encodeBody } from '../../../protocol/envelope.js';
import { messageType } from '../../../protocol/schema.js';

const count = (typeName: string, message: object, limit = 1_000_000) =>
  checkElementCount(messageType(typeName), encodeBody(typeName, message), limit);

/** `n` empty FetchTopic entries (field 4, length 0): two bytes each. */
function emptyFetchTopics(n: number): Buffer {
  const bytes = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) bytes[2 * i] = 0x22;
  return bytes;
}

describe('checkElementCount', () => {
  it('counts every element of repeated fields and every embedded message, nested ones included', () => {
    const fetch = {
      topics: [
        { name: 'a', partitions: [{ partition: 0, fetchOffset: 5 }, { partition: 1 }] },
        { name: 'b', partitions: [{ partition: 0 }] },
      ],
    };
    expect(count('FetchRequest', fetch)).toBe(5);
    expect(count('MetadataRequest', { topics: ['a', 'b', 'c'] })).toBe(3);
    expect(
      count('ProduceRequest', {
        acks: -1,
        topics: [{ name: 't', partitions: [{ partition: 0, records: Buffer.alloc(1000) }] }],
      }),
    ).toBe(2);
  });

  it('counts map entries and the values of packed scalar runs', () => {
    expect(
      count('CreateTopicsRequest', {
        topics: [{ name: 't', numPartitions: 3, configs: { 'retention.ms': '1', 'retention.bytes': '2' } }],
      }),
    ).toBe(3);
    // Packed varints of different widths: 1, 300 and 70000 take 1, 2 and 3 bytes.
    expect(count('OffsetFetchRequest', { groupId: 'g', topics: [{ name: 't', partitions: [1, 300, 70000, 0] }] })).toBe(
      5,
    );
  });

  it('counts nothing for a message of scalars only', () => {
    expect(count('HeartbeatRequest', { groupId: 'g', generationId: 3, memberId: 'm' })).toBe(0);
    expect(count('ApiVersionsRequest', {})).toBe(0);
  });

  it('throws TooManyElementsError one element past the limit, and not at the limit', () => {
    const type = messageType('FetchRequest');
    expect(checkElementCount(type, emptyFetchTopics(100), 100)).toBe(100);
    expect(() => checkElementCount(type, emptyFetchTopics(101), 100)).toThrow(TooManyElementsError);
    expect(() =>
      count(
        'OffsetFetchRequest',
        { topics: [{ name: 't', partitions: Array.from({ length: 200 }, (_, i) => i) }] },
        100,
      ),
    ).toThrow(/more than 100/);
  });

  it('stops at the first element over the limit without reading further', () => {
    // What follows the 101st entry is not protobuf at all: a walk that read on would say so.
    const bytes = Buffer.concat([emptyFetchTopics(101), Buffer.from([0x0b, 0xff, 0xff])]);
    expect(() => checkElementCount(messageType('FetchRequest'), bytes, 100)).toThrow(TooManyElementsError);
    expect(() => checkElementCount(messageType('FetchRequest'), bytes, 1000)).toThrow(RangeError);
  });

  it('refuses bytes that run past the end or use group wire types', () => {
    const type = messageType('FetchRequest');
    expect(() => checkElementCount(type, Buffer.from([0x22, 0x05, 0x0a]), 100)).toThrow(RangeError);
    expect(() => checkElementCount(type, Buffer.from([0x23]), 100)).toThrow(/wire type 3/);
    expect(() => checkElementCount(type, Buffer.from([0x22, 0x80]), 100)).toThrow(RangeError);
  });

  it('skips unknown fields of every wire type', () => {
    const bytes = Buffer.from([
      0x78, 0x01, 0x79, 1, 2, 3, 4, 5, 6, 7, 8, 0x7d, 1, 2, 3, 4, 0x7a, 0x02, 0x22, 0x00, 0x22, 0x00,
    ]);
    expect(checkElementCount(messageType('FetchRequest'), bytes, 100)).toBe(1);
  });
});

describe('decodeSubscription with maxElements', () => {
  it('bounds the topics and owned partitions of member metadata the broker reads', () => {
    const bytes = encodeSubscription({ topics: ['a', 'b'], ownedPartitions: [{ topic: 'a', partitions: [0, 1, 2] }] });
    expect(decodeSubscription(bytes, 6).topics).toEqual(['a', 'b']);
    expect(() => decodeSubscription(bytes, 5)).toThrow(TooManyElementsError);
  });
});

describe('decodeBody with maxElements', () => {
  it('refuses before decoding anything, and decodes as before within the limit', () => {
    const type = messageType('FetchRequest');
    decodeBody('FetchRequest', emptyFetchTopics(1)); // protobufjs builds its decoder on first use
    const decode = vi.spyOn(type, 'decode');
    try {
      expect(() => decodeBody('FetchRequest', emptyFetchTopics(1_000_000), 1000)).toThrow(TooManyElementsError);
      expect(decode).not.toHaveBeenCalled();
      expect(decodeBody<{ topics: unknown[] }>('FetchRequest', emptyFetchTopics(1000), 1000).topics).toHaveLength(1000);
      expect(decode).toHaveBeenCalledTimes(1);
    } finally {
      decode.mockRestore();
    }
  });
});
