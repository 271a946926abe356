import { describe, expect, it } from 'vitest';
import { encodeBody, encodeResponseFrame } from '../../../protocol/envelope.js';
import {
  encodeFetchResponseFrame,
  type OutgoingFetchPartition,
  type OutgoingFetchResponse,
} from '../../../protocol/fetch-response-frame.js';
import { INT32S, NAMES, NUMBERS, random } from '../../helpers/protobuf-samples.js';

function randomResponse(next: () => number): OutgoingFetchResponse {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const bytes = (n: number) => Buffer.alloc(n, Math.floor(next() * 256));
  const topics = Array.from({ length: Math.floor(next() * 4) }, () => ({
    name: pick(NAMES),
    partitions: Array.from({ length: Math.floor(next() * 4) }, (): OutgoingFetchPartition => {
      const batches = Array.from({ length: Math.floor(next() * 4) }, () => bytes(pick([0, 1, 61, 200, 20_000])));
      return {
        partition: pick(INT32S),
        errorCode: pick(INT32S),
        highWatermark: pick(NUMBERS),
        logStartOffset: pick(NUMBERS),
        records: next() < 0.5 ? batches : Buffer.concat(batches),
        lastStableOffset: pick(NUMBERS),
        abortedTransactions: Array.from({ length: Math.floor(next() * 3) }, () => ({
          producerId: pick(NUMBERS),
          firstOffset: pick(NUMBERS),
        })),
      };
    }),
  }));
  return { errorCode: pick(INT32S), topics };
}

/** The encoding the broker used before: the records concatenated, then protobufjs. */
function viaProtobufjs(correlationId: number, response: OutgoingFetchResponse): Buffer {
  const flat = {
    ...response,
    topics: response.topics.map((t) => ({
      ...t,
      partitions: t.partitions.map((p) => ({
        ...p,
        records: p.records instanceof Uint8Array ? p.records : Buffer.concat(p.records),
      })),
    })),
  };
  return encodeResponseFrame(correlationId, encodeBody('FetchResponse', flat));
}

describe('encodeFetchResponseFrame', () => {
  it('produces the same bytes as protobufjs for random responses', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const response = randomResponse(next);
      const correlationId = [0, 1, 2 ** 31 - 1, -5][seed % 4]!;
      const ours = Buffer.concat(encodeFetchResponseFrame(correlationId, response));
      const expected = viaProtobufjs(correlationId, response);
      if (!ours.equals(expected)) expect(ours.toString('hex'), `seed ${seed}`).toBe(expected.toString('hex'));
    }
  });

  it('leaves out the fields protobufjs leaves out (absent scalars, empty lists)', () => {
    const sparse = {
      errorCode: 0,
      topics: [{ name: 't', partitions: [] }, { partitions: [{ partition: 3 }] }],
    } as unknown as OutgoingFetchResponse;
    expect(Buffer.concat(encodeFetchResponseFrame(4, sparse))).toEqual(
      encodeResponseFrame(4, encodeBody('FetchResponse', sparse)),
    );
    expect(Buffer.concat(encodeFetchResponseFrame(4, { errorCode: 0, topics: [] }))).toEqual(
      encodeResponseFrame(4, encodeBody('FetchResponse', { errorCode: 0, topics: [] })),
    );
  });

  it('passes the record batches through by reference, not copied', () => {
    const batches = [Buffer.alloc(1000, 1), Buffer.alloc(2000, 2), Buffer.alloc(3000, 3)];
    const chunks = encodeFetchResponseFrame(7, {
      errorCode: 0,
      topics: [
        {
          name: 't',
          partitions: [
            {
              partition: 0,
              errorCode: 0,
              highWatermark: 9,
              logStartOffset: 0,
              records: batches,
              lastStableOffset: 9,
              abortedTransactions: [],
            },
          ],
        },
      ],
    });
    for (const batch of batches) expect(chunks).toContain(batch);
    // Everything else is one small header piece.
    expect(chunks.filter((c) => !batches.some((b) => b === c)).reduce((n, c) => n + c.length, 0)).toBeLessThan(64);
  });
});
