import { describe, expect, it } from 'vitest';
import { Api } from '../../../protocol/apis.js';
import { encodeRequestFrame } from '../../../protocol/envelope.js';
import { encodeProduceRequestFrame, type OutgoingProduceRequest } from '../../../protocol/produce-request-frame.js';
import { INT32S, NAMES, random } from '../../helpers/protobuf-samples.js';

function randomRequest(next: () => number): OutgoingProduceRequest {
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const bytes = (n: number) => Buffer.alloc(n, Math.floor(next() * 256));
  return {
    acks: pick([undefined, null, 0, 1, -1]),
    timeoutMs: pick(INT32S),
    topics: Array.from({ length: Math.floor(next() * 4) }, () => ({
      name: pick(NAMES),
      partitions: Array.from({ length: Math.floor(next() * 4) }, () => {
        const batches = Array.from({ length: Math.floor(next() * 4) }, () => bytes(pick([0, 1, 61, 200, 20_000])));
        return { partition: pick(INT32S), records: next() < 0.5 ? batches : Buffer.concat(batches) };
      }),
    })),
  };
}

/** The encoding the producer used before: the batches concatenated, then protobufjs. */
function viaProtobufjs(correlationId: number, clientId: string, request: OutgoingProduceRequest): Buffer {
  const flat = {
    ...request,
    topics: request.topics.map((t) => ({
      ...t,
      partitions: t.partitions.map((p) => ({
        ...p,
        records: p.records instanceof Uint8Array ? p.records : Buffer.concat(p.records),
      })),
    })),
  };
  return encodeRequestFrame(Api.Produce, 0, correlationId, clientId, flat);
}

describe('encodeProduceRequestFrame', () => {
  it('produces the same bytes as protobufjs for random requests', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = random(seed);
      const request = randomRequest(next);
      const correlationId = [0, 1, 2 ** 31 - 1, 77][seed % 4]!;
      const clientId = NAMES[seed % NAMES.length]!;
      const ours = Buffer.concat(encodeProduceRequestFrame(0, correlationId, clientId, request));
      const expected = viaProtobufjs(correlationId, clientId, request);
      if (!ours.equals(expected)) expect(ours.toString('hex'), `seed ${seed}`).toBe(expected.toString('hex'));
    }
  });

  it('passes the record batches through by reference, not copied', () => {
    const batches = [Buffer.alloc(1000, 1), Buffer.alloc(2000, 2)];
    const chunks = encodeProduceRequestFrame(0, 9, 'app', {
      acks: 1,
      timeoutMs: 30_000,
      topics: [{ name: 't', partitions: [{ partition: 0, records: batches }] }],
    });
    for (const batch of batches) expect(chunks).toContain(batch);
    expect(chunks.filter((c) => !batches.some((b) => b === c)).reduce((n, c) => n + c.length, 0)).toBeLessThan(64);
  });
});
