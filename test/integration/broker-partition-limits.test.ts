// Partition counts are bounded on every path that adds partitions: per topic (MAX_PARTITIONS)
// and per broker (maxBrokerPartitions), over the wire and over the admin HTTP API.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/errors.js';
import { encodeRecordBatch } from '../../protocol/record-batch.js';
import { MAX_PARTITIONS } from '../../server/config.js';
import { useBrokerFixtures } from '../helpers/broker.js';

const fixtures = useBrokerFixtures();
const records = encodeRecordBatch([{ value: 'x' }]);

const post = (url: string, body: object) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('partition-count bounds', () => {
  it('refuses more than MAX_PARTITIONS in one topic on CreateTopics, CreatePartitions and the admin API', async () => {
    const broker = await fixtures.broker({ httpPort: 0 });
    const client = await fixtures.client(broker);
    const created = await client.request('CreateTopics', {
      topics: [
        { name: 'huge', numPartitions: MAX_PARTITIONS + 1 },
        { name: 'small', numPartitions: 1 },
      ],
    });
    expect(created.topics.map((t) => t.errorCode)).toEqual([ErrorCode.INVALID_PARTITIONS, 0]);
    const grown = await client.request('CreatePartitions', { topics: [{ name: 'small', count: MAX_PARTITIONS + 1 }] });
    expect(grown.topics[0]!.errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    const viaHttp = await post(`${broker.adminUrl}/api/topics`, { topic: 'web', numPartitions: MAX_PARTITIONS + 1 });
    expect([viaHttp.status, ((await viaHttp.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      'INVALID_PARTITIONS',
    ]);
    const grownViaHttp = await post(`${broker.adminUrl}/api/topics/small/partitions`, { count: MAX_PARTITIONS + 1 });
    expect(grownViaHttp.status).toBe(400);
    expect(broker.services.topics.totalPartitions).toBe(1);
  });

  it('refuses partitions over maxBrokerPartitions on every path, and frees room when a topic is deleted', async () => {
    const broker = await fixtures.broker({ httpPort: 0, maxBrokerPartitions: 10, defaultPartitions: 4 });
    const client = await fixtures.client(broker);
    const first = await client.request('CreateTopics', {
      topics: [
        { name: 'a', numPartitions: 6 },
        { name: 'b', numPartitions: 5 },
      ],
    });
    expect(first.topics.map((t) => t.errorCode)).toEqual([0, ErrorCode.INVALID_PARTITIONS]);
    expect(first.topics[1]!.errorMessage).toMatch(
      /holds 6 partitions; 5 more for topic b would exceed maxBrokerPartitions \(10\)/,
    );
    // validateOnly is checked the same way.
    const validated = await client.request('CreateTopics', {
      topics: [{ name: 'b', numPartitions: 5 }],
      validateOnly: true,
    });
    expect(validated.topics[0]!.errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    const grown = await client.request('CreatePartitions', { topics: [{ name: 'a', count: 11 }] });
    expect(grown.topics[0]!.errorCode).toBe(ErrorCode.INVALID_PARTITIONS);

    // Auto-creation (4 partitions each): one fits, the next does not, by Produce or by Metadata.
    const produced = await client.request('Produce', {
      acks: 1,
      topics: [{ name: 'auto1', partitions: [{ partition: 0, records }] }],
    });
    expect(produced.topics[0]!.partitions[0]!.errorCode).toBe(0);
    const refused = await client.request('Produce', {
      acks: 1,
      topics: [{ name: 'auto2', partitions: [{ partition: 0, records }] }],
    });
    expect(refused.topics[0]!.partitions[0]!.errorCode).toBe(ErrorCode.INVALID_PARTITIONS);
    const metadata = await client.request('Metadata', { topics: ['auto3'], allowAutoTopicCreation: true });
    expect(metadata.topics[0]!.errorCode).toBe(ErrorCode.INVALID_PARTITIONS);

    const viaHttp = await post(`${broker.adminUrl}/api/topics`, { topic: 'web', numPartitions: 1 });
    expect([viaHttp.status, ((await viaHttp.json()) as { error: { code: string } }).error.code]).toEqual([
      400,
      'INVALID_PARTITIONS',
    ]);
    expect((await post(`${broker.adminUrl}/api/topics/a/partitions`, { count: 7 })).status).toBe(400);
    expect(broker.services.topics.totalPartitions).toBe(10);

    await client.request('DeleteTopics', { topics: ['auto1'] });
    expect((await post(`${broker.adminUrl}/api/topics/a/partitions`, { count: 10 })).status).toBe(200);
    expect(broker.services.topics.totalPartitions).toBe(10);
    expect(
      (await client.request('Metadata', { allTopics: true })).topics.map((t) => [t.name, t.partitions.length]),
    ).toEqual([['a', 10]]);
  });
});
