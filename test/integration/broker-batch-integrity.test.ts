// Batch integrity over a real socket: CRC-valid batches whose records do not add up are refused
// with CORRUPT_MESSAGE and a log line, store nothing, and leave the rest of the request and the
// partition usable; a record with 500,000 headers is served by every reader in linear time.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/errors.js';
import { decodeRecordBatches, encodeRecordBatch } from '../../protocol/record-batch.js';
import { RawClient, useBrokerFixtures } from '../helpers/broker.js';
import { BASE_TIMESTAMP, corruptBatches, manyHeadersBatch } from '../helpers/raw-batch.js';

const fixtures = useBrokerFixtures();

async function logEnd(client: RawClient, topic: string, partition = 0): Promise<number> {
  const r = await client.request('ListOffsets', {
    topics: [{ name: topic, partitions: [{ partition, timestamp: -1 }] }],
  });
  return r.topics[0]!.partitions[0]!.offset;
}

describe('batch integrity on produce', () => {
  it('refuses each CRC-valid corrupt batch with CORRUPT_MESSAGE and a (rate-limited) log line, storing nothing', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const broker = await fixtures.broker({ logger: pino({ level: 'warn' }, sink) });
    const client = await fixtures.client(broker);
    const kinds = Object.entries(corruptBatches());
    for (const [kind, records] of kinds) {
      const response = await client.request('Produce', {
        acks: -1,
        topics: [{ name: 'c', partitions: [{ partition: 0, records }] }],
      });
      expect(response.topics[0]!.partitions[0], kind).toMatchObject({
        errorCode: ErrorCode.CORRUPT_MESSAGE,
        baseOffset: -1,
      });
      expect(response.topics[0]!.partitions[0]!.errorMessage, kind).toMatch(/^corrupt record batch: /);
    }
    expect(await logEnd(client, 'c')).toBe(0);
    const refusals = lines.filter((l) => l.msg === 'refused a record batch');
    // The first refusal is logged; the rest, within the same interval, are counted on the next line, not flooded.
    expect(refusals).toHaveLength(1);
    expect(refusals[0]).toMatchObject({
      topic: 'c',
      partition: 0,
      clientId: 'raw-test',
      reason: expect.stringMatching(/offset delta/),
    });

    // The partition is still whole: the next good batch takes offset 0 and reads back.
    const good = await client.request('Produce', {
      topics: [
        { name: 'c', partitions: [{ partition: 0, records: encodeRecordBatch([{ value: 'a' }, { value: 'b' }]) }] },
      ],
    });
    expect(good.topics[0]!.partitions[0]).toMatchObject({ errorCode: 0, baseOffset: 0 });
    const fetched = await client.request('Fetch', {
      topics: [{ name: 'c', partitions: [{ partition: 0, fetchOffset: 0 }] }],
    });
    expect(decodeRecordBatches(fetched.topics[0]!.partitions[0]!.records).map((r) => `${r.offset}:${r.value}`)).toEqual(
      ['0:a', '1:b'],
    );
  });

  it('stores the good partitions of a request that also carries a corrupt batch', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 'mixed', numPartitions: 2, configs: {} }] });
    const response = await client.request('Produce', {
      topics: [
        {
          name: 'mixed',
          partitions: [
            { partition: 0, records: corruptBatches()['offset deltas that jump']! },
            { partition: 1, records: encodeRecordBatch([{ value: 'kept' }]) },
          ],
        },
      ],
    });
    expect(response.topics[0]!.partitions.map((p) => p.errorCode)).toEqual([ErrorCode.CORRUPT_MESSAGE, 0]);
    expect(await logEnd(client, 'mixed', 0)).toBe(0);
    expect(await logEnd(client, 'mixed', 1)).toBe(1);
  });
});

describe('a record with 500,000 headers', () => {
  it('is served by Fetch, ListOffsets by time and the admin message view', async () => {
    const broker = await fixtures.broker({ httpPort: 0 });
    const client = await fixtures.client(broker);
    const produced = await client.request('Produce', {
      topics: [{ name: 'h', partitions: [{ partition: 0, records: manyHeadersBatch(500_000) }] }],
    });
    expect(produced.topics[0]!.partitions[0]).toMatchObject({ errorCode: 0, baseOffset: 0 });

    const listed = await client.request('ListOffsets', {
      topics: [{ name: 'h', partitions: [{ partition: 0, timestamp: BASE_TIMESTAMP }] }],
    });
    expect(listed.topics[0]!.partitions[0]).toMatchObject({ errorCode: 0, offset: 0, timestamp: BASE_TIMESTAMP });

    const fetched = await client.request('Fetch', {
      topics: [{ name: 'h', partitions: [{ partition: 0, fetchOffset: 0 }] }],
    });
    const [record] = decodeRecordBatches(fetched.topics[0]!.partitions[0]!.records);
    expect((record!.headers[''] as Buffer[]).length).toBe(500_000);

    const view = await fetch(`${broker.adminUrl}/api/topics/h/messages?offset=0&limit=1`);
    expect(view.status).toBe(200);
    const body = (await view.json()) as { messages: { headers: Record<string, unknown[]> }[] };
    expect(body.messages[0]!.headers['']).toHaveLength(500_000);
  });
});
