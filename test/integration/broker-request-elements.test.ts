// Requests whose repeated fields would make decoding allocate without bound are refused on
// their bytes, before decoding, and the connection goes on serving.
import { describe, expect, it, vi } from 'vitest';
import { Api } from '../../protocol/apis.js';
import { encodeBody } from '../../protocol/envelope.js';
import { ErrorCode } from '../../protocol/errors.js';
import { messageType } from '../../protocol/schema.js';
import { useBrokerFixtures } from '../helpers/broker.js';

const fixtures = useBrokerFixtures();

/** A FetchRequest body of `n` empty topic entries: two bytes each. */
function emptyFetchTopics(n: number): Buffer {
  const bytes = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) bytes[2 * i] = 0x22;
  return bytes;
}

describe('repeated-element bound on requests', () => {
  it('refuses a Fetch of more empty topic entries than the default bound without decoding it, then serves the connection', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 't', numPartitions: 1 }] });
    const fetchType = messageType('FetchRequest');
    await client.request('Fetch', { topics: [{ name: 't', partitions: [{ partition: 0 }] }] }); // the decoder is built on first use
    const decode = vi.spyOn(fetchType, 'decode');
    try {
      const refused = await client.send(Api.Fetch.key, 0, emptyFetchTopics(200_001));
      expect(refused.errorCode).toBe(ErrorCode.INVALID_REQUEST);
      expect(refused.errorMessage).toMatch(/more than 200000 repeated elements.*maxRequestElements/);
      expect(decode).not.toHaveBeenCalled();
    } finally {
      decode.mockRestore();
    }
    const fetched = await client.request('Fetch', { topics: [{ name: 't', partitions: [{ partition: 0 }] }] });
    expect(fetched.topics[0]!.partitions[0]!.errorCode).toBe(0);
  });

  it('refuses nested and packed elements of other APIs over a configured bound', async () => {
    const broker = await fixtures.broker({ maxRequestElements: 1000 });
    const client = await fixtures.client(broker);
    const partitions = Array.from({ length: 1000 }, (_, partition) => ({ partition, timestamp: -1 }));
    const listOffsets = await client.send(
      Api.ListOffsets.key,
      0,
      encodeBody(Api.ListOffsets.request, { topics: [{ name: 't', partitions }] }),
    );
    expect(listOffsets).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST });
    expect(listOffsets.errorMessage).toMatch(/ListOffsetsRequest has more than 1000/);
    const offsetFetch = await client.send(
      Api.OffsetFetch.key,
      0,
      encodeBody(Api.OffsetFetch.request, {
        groupId: 'g',
        topics: [{ name: 't', partitions: Array.from({ length: 1000 }, (_, i) => i) }],
      }),
    );
    expect(offsetFetch.errorCode).toBe(ErrorCode.INVALID_REQUEST);
    const metadata = await client.send(
      Api.Metadata.key,
      0,
      encodeBody(Api.Metadata.request, { topics: Array.from({ length: 1001 }, (_, i) => `t${i}`) }),
    );
    expect(metadata.errorCode).toBe(ErrorCode.INVALID_REQUEST);
    // At the bound exactly the request is served.
    const served = await client.request('ListOffsets', {
      topics: [{ name: 't', partitions: partitions.slice(0, 999) }],
    });
    expect(served.topics[0]!.partitions).toHaveLength(999);
    expect((await client.request('ApiVersions', {})).errorCode).toBe(0);
  });
});
