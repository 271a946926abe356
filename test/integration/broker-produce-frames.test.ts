// The broker stores a Produce request's batches straight from the request frame, without a copy,
// writing each base offset into the frame's bytes: pipelined frames that share one socket read,
// and frames split over many reads, must each be stored intact, at their own offsets.
import { describe, expect, it } from 'vitest';
import { Api } from '../../protocol/apis.js';
import { decodeBody, encodeBody } from '../../protocol/envelope.js';
import { encodeFrame } from '../../protocol/framing.js';
import type { ResponseOf } from '../../protocol/messages.js';
import { decodeRecordBatches, encodeRecordBatch } from '../../protocol/record-batch.js';
import { messageType } from '../../protocol/schema.js';
import { useBrokerFixtures, type RawClient } from '../helpers/broker.js';

const fixtures = useBrokerFixtures();
const requestFrameType = messageType('RequestFrame');

/** A Produce frame of two batches (2 records, then 1) to partition `partition` of `name`. */
function produceFrame(correlationId: number, name: string, partition: number, tag: string): Buffer {
  const records = Buffer.concat([
    encodeRecordBatch([{ value: `${tag}-a` }, { value: `${tag}-b` }]),
    encodeRecordBatch([{ value: `${tag}-c` }]),
  ]);
  const body = encodeBody(Api.Produce.request, { acks: 1, topics: [{ name, partitions: [{ partition, records }] }] });
  const frame = { apiKey: Api.Produce.key, apiVersion: 0, correlationId, clientId: 'frames-test', body };
  return encodeFrame(requestFrameType.encode(frame).finish());
}

async function sendAll(client: RawClient, frames: Buffer[], chunkBytes: number): Promise<void> {
  const responses = frames.map((_, i) => client.expect(i + 1));
  const bytes = Buffer.concat(frames);
  for (let at = 0; at < bytes.length; at += chunkBytes) client.write(bytes.subarray(at, at + chunkBytes));
  for (const frame of await Promise.all(responses)) {
    const body = decodeBody<ResponseOf<'Produce'>>(Api.Produce.response, frame.body);
    expect(body.topics[0]!.partitions[0]!.errorCode).toBe(0);
  }
}

async function storedValues(client: RawClient, name: string, partition: number): Promise<string[]> {
  const r = await client.request('Fetch', { topics: [{ name, partitions: [{ partition, fetchOffset: 0 }] }] });
  return decodeRecordBatches(r.topics[0]!.partitions[0]!.records).map((rec) => `${rec.offset}:${String(rec.value)}`);
}

const expected = (tags: string[]) =>
  tags.flatMap((tag, i) => [`${3 * i}:${tag}-a`, `${3 * i + 1}:${tag}-b`, `${3 * i + 2}:${tag}-c`]);

describe('Produce frames stored without a copy', () => {
  it('stores pipelined frames sent in one write, and frames split over many, each at its own offsets', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 'frames', numPartitions: 2 }] });
    const tags = Array.from({ length: 20 }, (_, i) => `r${i}`);

    // One write: the frames arrive together and are views into the same bytes.
    await sendAll(
      client,
      tags.map((tag, i) => produceFrame(i + 1, 'frames', i % 2, tag)),
      Number.MAX_SAFE_INTEGER,
    );
    // 7-byte writes: most frames are assembled from many reads.
    const split = await fixtures.client(broker);
    await sendAll(
      split,
      tags.map((tag, i) => produceFrame(i + 1, 'frames', i % 2, `s${tag}`)),
      7,
    );

    for (const partition of [0, 1]) {
      const mine = tags.filter((_, i) => i % 2 === partition);
      expect(await storedValues(client, 'frames', partition)).toEqual(
        expected([...mine, ...mine.map((tag) => `s${tag}`)]),
      );
    }
  });
});
