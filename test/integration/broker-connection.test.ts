import { describe, expect, it } from 'vitest';
import { Api } from '../../protocol/apis.js';
import { encodeBody, encodeRequestFrame } from '../../protocol/envelope.js';
import { ErrorCode } from '../../protocol/errors.js';
import { encodeRecordBatch } from '../../protocol/record-batch.js';
import { useBrokerFixtures } from '../helpers/broker.js';
import { pollUntil } from '../helpers/poll-until.js';

const fixtures = useBrokerFixtures();

describe('broker connections', () => {
  it('answers many requests sent in one chunk, each on its correlation id', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    const ids = Array.from({ length: 300 }, (_, i) => i + 1000);
    const responses = ids.map((id) => client.expect(id));
    client.write(Buffer.concat(ids.map((id) => encodeRequestFrame(Api.ApiVersions, 0, id, 'bulk', {}))));
    const frames = await Promise.all(responses);
    expect(frames.map((f) => f.correlationId)).toEqual(ids);
    expect(frames.every((f) => f.errorCode === 0)).toBe(true);
  });

  it('bounds in-flight requests per connection: reading resumes when one completes', async () => {
    const broker = await fixtures.broker({ maxInFlightPerConnection: 2 });
    const client = await fixtures.client(broker);
    const other = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 'w', numPartitions: 1, configs: {} }] });
    const fetch = () =>
      client.request('Fetch', {
        maxWaitMs: 60_000,
        minBytes: 1,
        topics: [{ name: 'w', partitions: [{ partition: 0, fetchOffset: 0 }] }],
      });
    const parked = [fetch(), fetch()];
    await pollUntil(() => broker.services.fetcher.parked === 2);
    let answered = false;
    const versions = client.request('ApiVersions', {}).then((r) => ((answered = true), r));
    // A round trip on another connection gives the broker every chance to answer, were it reading.
    await other.request('ApiVersions', {});
    await other.request('Metadata', { allTopics: true });
    expect(answered).toBe(false);
    await other.request('Produce', {
      topics: [{ name: 'w', partitions: [{ partition: 0, records: encodeRecordBatch([{ value: 'go' }]) }] }],
    });
    await Promise.all(parked);
    expect((await versions).errorCode).toBe(0);
  });

  it('answers a failing handler with UNKNOWN_SERVER_ERROR and keeps serving', async () => {
    const broker = await fixtures.broker({
      handlers: {
        ApiVersions: () => {
          throw new Error('boom');
        },
      },
    });
    const client = await fixtures.client(broker);
    const response = await client.send(Api.ApiVersions.key, 0, encodeBody(Api.ApiVersions.request, {}), 7);
    expect(response).toMatchObject({ correlationId: 7, errorCode: ErrorCode.UNKNOWN_SERVER_ERROR });
    expect((await client.request('Metadata', {})).brokers).toHaveLength(1);
  });
});
