// A request that names the same partition or group many times costs the broker work for each
// distinct one, not for each mention.
import { describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../protocol/errors.js';
import { encodeRecordBatch } from '../../protocol/record-batch.js';
import { PartitionLog } from '../../server/core/partition-log.js';
import { useBrokerFixtures } from '../helpers/broker.js';
import { pollUntil } from '../helpers/poll-until.js';
import { joinAlone, joinRequest } from '../helpers/groups.js';

const fixtures = useBrokerFixtures();
const times = <T>(n: number, item: T): T[] => Array.from({ length: n }, () => item);

describe('repeated entries in one request', () => {
  it('ListOffsets: a partition named twice is INVALID_REQUEST at each mention and never looked up', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 't', numPartitions: 2 }] });
    await client.request('Produce', {
      acks: 1,
      topics: [
        {
          name: 't',
          partitions: [0, 1].map((partition) => ({
            partition,
            records: encodeRecordBatch([{ value: 'x', timestamp: 1000 }]),
          })),
        },
      ],
    });
    const lookups = vi.spyOn(PartitionLog.prototype, 'offsetForTimestamp');
    try {
      const answer = await client.request('ListOffsets', {
        topics: [
          {
            name: 't',
            partitions: [...times(1000, { partition: 0, timestamp: 500 }), { partition: 1, timestamp: 500 }],
          },
        ],
      });
      const codes = answer.topics[0]!.partitions.map((p) => p.errorCode);
      expect(codes.slice(0, 1000)).toEqual(times(1000, ErrorCode.INVALID_REQUEST));
      expect(answer.topics[0]!.partitions[1000]).toMatchObject({
        partition: 1,
        errorCode: 0,
        offset: 0,
        timestamp: 1000,
      });
      expect(lookups).toHaveBeenCalledTimes(1);
    } finally {
      lookups.mockRestore();
    }
  });

  it('Fetch: a long poll naming one partition many times waits on it once', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 't', numPartitions: 1 }] });
    const subscriptions = vi.spyOn(PartitionLog.prototype, 'onAppend');
    try {
      const parked = client.request('Fetch', {
        maxWaitMs: 10_000,
        minBytes: 1,
        topics: [{ name: 't', partitions: times(1000, { partition: 0, fetchOffset: 0 }) }],
      });
      await pollUntil(() => broker.services.fetcher.parked === 1);
      expect(subscriptions).toHaveBeenCalledTimes(1);
      await client.request('Produce', {
        acks: 1,
        topics: [{ name: 't', partitions: [{ partition: 0, records: encodeRecordBatch([{ value: 'x' }]) }] }],
      });
      const answer = await parked;
      expect(answer.topics[0]!.partitions).toHaveLength(1000);
      expect(answer.topics[0]!.partitions[0]!.records.length).toBeGreaterThan(0);
    } finally {
      subscriptions.mockRestore();
    }
  });

  it('JoinGroup: more than 64 protocols are refused with INVALID_REQUEST, before the group sees them', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    const protocols = Array.from({ length: 65 }, (_, i) => ({ name: `assignor-${i}`, metadata: new Uint8Array(0) }));
    expect((await client.request('JoinGroup', joinRequest('g', '', { protocols }))).errorCode).toBe(
      ErrorCode.INVALID_REQUEST,
    );
    expect(
      (await client.request('JoinGroup', joinRequest('g', '', { protocols: protocols.slice(0, 64) }))).errorCode,
    ).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  });

  it('DescribeGroups: a group named many times is described once', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await joinAlone(client, 'g');
    const described = await client.request('DescribeGroups', { groups: [...times(1000, 'g'), 'other'] });
    expect(described.groups.map((g) => [g.groupId, g.members.length])).toEqual([
      ['g', 1],
      ['other', 0],
    ]);
  });
});
