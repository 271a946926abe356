import { describe, expect, it } from 'vitest';
import { Api, allApis, apiByKey, apiByName } from '../../../protocol/apis.js';
import {
  decodeBody,
  decodeRequestFrame,
  decodeResponseFrame,
  encodeBody,
  encodeRequestFrame,
  encodeResponseFrame,
} from '../../../protocol/envelope.js';
import { FrameDecoder } from '../../../protocol/framing.js';
import type { FetchResponse, ProduceRequest } from '../../../protocol/messages.js';

describe('envelope', () => {
  it('round-trips a request frame with its body', () => {
    const request: ProduceRequest = {
      acks: -1,
      timeoutMs: 500,
      topics: [{ name: 't', partitions: [{ partition: 2, records: Buffer.from('xyz') }] }],
    };
    const [frame] = new FrameDecoder().push(encodeRequestFrame(Api.Produce, 0, 77, 'svc', request));
    const decoded = decodeRequestFrame(frame!);
    expect(decoded).toMatchObject({ apiKey: 0, apiVersion: 0, correlationId: 77, clientId: 'svc' });
    const body = decodeBody<ProduceRequest>(Api.Produce.request, decoded.body);
    expect(body.acks).toBe(-1);
    expect(body.topics[0]!.partitions[0]!.partition).toBe(2);
    expect(Buffer.from(body.topics[0]!.partitions[0]!.records).toString()).toBe('xyz');
  });

  it('fills absent fields with defaults and keeps optional acks absent', () => {
    const body = decodeBody<ProduceRequest>('ProduceRequest', new Uint8Array());
    expect(body.topics).toEqual([]);
    expect(body.acks).toBeUndefined();
    expect(decodeBody<ProduceRequest>('ProduceRequest', encodeBody('ProduceRequest', { acks: 0 })).acks).toBe(0);
  });

  it('carries int64 offsets as plain numbers beyond 32 bits', () => {
    const response: FetchResponse = {
      errorCode: 0,
      topics: [
        {
          name: 't',
          partitions: [
            {
              partition: 0,
              errorCode: 0,
              highWatermark: 2 ** 40 + 3,
              logStartOffset: 5,
              records: new Uint8Array(),
              lastStableOffset: 2 ** 40 + 3,
              abortedTransactions: [],
            },
          ],
        },
      ],
    };
    const frame = new FrameDecoder().push(encodeResponseFrame(9, encodeBody('FetchResponse', response)))[0]!;
    const envelope = decodeResponseFrame(frame);
    expect(envelope.correlationId).toBe(9);
    const decoded = decodeBody<FetchResponse>('FetchResponse', envelope.body);
    expect(decoded.topics[0]!.partitions[0]!.highWatermark).toBe(2 ** 40 + 3);
  });

  it('throws on a malformed body instead of returning garbage', () => {
    expect(() => decodeBody('ProduceRequest', Buffer.from([0x1a, 0xff, 0xff, 0xff, 0x0f]))).toThrow();
    // A string whose length runs past the end must fail, not decode as a shorter string.
    expect(() => decodeBody('MetadataRequest', Buffer.from([0x0a, 0x05, 0x61]))).toThrow(RangeError);
  });

  it('has one registry entry per API, with a schema type for each side', () => {
    const keys = allApis.map((a) => a.key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const spec of allApis) {
      expect(apiByKey(spec.key)).toBe(spec);
      expect(apiByName(spec.name)).toBe(spec);
      expect(() => encodeBody(spec.request, {})).not.toThrow();
      expect(() => encodeBody(spec.response, {})).not.toThrow();
    }
  });
});
