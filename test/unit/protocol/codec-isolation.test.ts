// Our codec decodes int64 to numbers through readers of its own:
// an application using protobufjs in the same process must still get stock protobufjs.
import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { decodeBody, encodeBody } from '../../../protocol/index.js';

const appRoot = protobuf.parse(`
  syntax = "proto3";
  package app;
  message Event { int64 at = 1; string name = 2; }
`).root;
const Event = appRoot.lookupType('app.Event');

describe('protocol codec isolation', () => {
  it('leaves protobufjs Long support on for the application', () => {
    expect(typeof protobuf.util.Long).toBe('function');
    const decoded = Event.decode(Event.encode({ at: 1_700_000_000_000, name: 'x' }).finish()) as unknown as {
      at: unknown;
    };
    expect(decoded.at).toBeInstanceOf(protobuf.util.Long);
    expect(String(decoded.at)).toBe('1700000000000');
  });
});

describe('protocol codec', () => {
  it('decodes int64 fields to numbers, negatives and absent fields included', () => {
    const body = encodeBody('ListOffsetsResponse', {
      topics: [
        {
          name: 't',
          partitions: [
            { partition: 0, errorCode: 0, timestamp: -1, offset: Number.MAX_SAFE_INTEGER },
            { partition: 1, errorCode: 0, timestamp: -2, offset: 4_294_967_296 },
            { partition: 2, errorCode: 0 },
          ],
        },
      ],
    });
    for (const bytes of [Buffer.from(body), new Uint8Array(body)]) {
      const decoded = decodeBody<{ topics: { partitions: { timestamp: unknown; offset: unknown }[] }[] }>(
        'ListOffsetsResponse',
        bytes,
      );
      expect(decoded.topics[0]!.partitions.map((p) => [p.timestamp, p.offset])).toEqual([
        [-1, Number.MAX_SAFE_INTEGER],
        [-2, 4_294_967_296],
        [0, 0],
      ]);
    }
  });

  it('rejects a string that runs past the end of the body', () => {
    // TopicResult: name (field 1) claiming 10 bytes, 3 present.
    expect(() => decodeBody('TopicResult', Buffer.from([0x0a, 10, 0x61, 0x62, 0x63]))).toThrow(RangeError);
    expect(() => decodeBody('TopicResult', new Uint8Array([0x0a, 10, 0x61, 0x62, 0x63]))).toThrow(RangeError);
  });

  it('rejects a truncated int64 varint', () => {
    expect(() => decodeBody('ListOffsetsPartition', Buffer.from([0x10, 0xff, 0xff]))).toThrow(RangeError);
  });
});
