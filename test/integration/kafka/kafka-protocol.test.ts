// The Kafka front end over a raw socket: version negotiation, unsupported versions, both
// protocols on one port, malformed frames.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../protocol/errors.js';
import { kafkaApis } from '../../../protocol/kafka/generated/index.js';
import type {
  ApiVersionsResponse,
  HeartbeatResponse,
  JoinGroupResponse,
  MetadataResponse,
  SyncGroupResponse,
} from '../../../protocol/kafka/generated/index.js';
import { encodeSubscription } from '../../../protocol/consumer-protocol.js';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { KafkaRawClient, kafkaRequestFrame, withSize } from '../../helpers/kafka-raw.js';

const fixtures = useBrokerFixtures();

async function kafkaClient(port: number) {
  const client = await KafkaRawClient.connect(port);
  return client;
}

describe('Kafka protocol front end', () => {
  it('advertises exactly the implemented APIs and versions', async () => {
    const b = await fixtures.broker();
    const client = await kafkaClient(b.port);
    for (const version of [0, 3]) {
      const response = await client.request<ApiVersionsResponse>('ApiVersions', version, {
        clientSoftwareName: 'test',
        clientSoftwareVersion: '1',
      });
      expect(response.errorCode).toBe(0);
      const advertised = Object.fromEntries(response.apiKeys.map((a) => [a.apiKey, [a.minVersion, a.maxVersion]]));
      const generated = Object.fromEntries(
        Object.values(kafkaApis).map((spec) => [spec.key, [spec.minVersion, spec.maxVersion]]),
      );
      expect(advertised).toEqual(generated);
    }
    client.destroy();
  });

  it('answers an ApiVersions of an unknown version with UNSUPPORTED_VERSION in the v0 layout', async () => {
    const b = await fixtures.broker();
    const client = await kafkaClient(b.port);
    // Version 99: the header is read as v1 (no tagged fields), the body ignored, as Kafka does.
    const frame = withSize(Buffer.from([0, 18, 0, 99, 0, 0, 0, 7, 0, 1, 0x78]));
    const body = await client.sendRaw(frame, 7);
    expect(body.readInt16BE(0)).toBe(ErrorCode.UNSUPPORTED_VERSION);
    const count = body.readInt32BE(2);
    expect(count).toBe(Object.keys(kafkaApis).length);
    // The connection stays usable.
    const ok = await client.request<ApiVersionsResponse>('ApiVersions', 0, {});
    expect(ok.errorCode).toBe(0);
    client.destroy();
  });

  it('answers an unsupported version of another API with UNSUPPORTED_VERSION and keeps the connection', async () => {
    const b = await fixtures.broker();
    const client = await kafkaClient(b.port);
    const metadataV0 = withSize(Buffer.from([0, 3, 0, 0, 0, 0, 0, 5, 0xff, 0xff, 0, 0, 0, 0]));
    const body = await client.sendRaw(metadataV0, 5);
    expect(body.readInt16BE(0)).toBe(ErrorCode.UNSUPPORTED_VERSION);
    const unknownKey = withSize(Buffer.from([0, 200, 0, 0, 0, 0, 0, 6, 0xff, 0xff]));
    expect((await client.sendRaw(unknownKey, 6)).readInt16BE(0)).toBe(ErrorCode.UNSUPPORTED_VERSION);
    const metadata = await client.request<MetadataResponse>('Metadata', 12, {
      topics: null,
      allowAutoTopicCreation: false,
    });
    expect(metadata.brokers).toEqual([{ nodeId: b.config.nodeId, host: b.host, port: b.port, rack: null }]);
    client.destroy();
  });

  it('serves Kafka and native clients on the same port and shares their state', async () => {
    const b = await fixtures.broker();
    const native = await fixtures.client(b);
    await native.request('CreateTopics', { topics: [{ name: 'shared', numPartitions: 2 }] });
    const client = await kafkaClient(b.port);
    const metadata = await client.request<MetadataResponse>('Metadata', 9, {
      topics: [{ name: 'shared' }],
      allowAutoTopicCreation: false,
    });
    expect(metadata.topics.map((t) => [t.name, t.partitions.length])).toEqual([['shared', 2]]);
    client.destroy();
  });

  it('closes the connection on a malformed request and keeps serving others', async () => {
    const b = await fixtures.broker();
    const bad = await kafkaClient(b.port);
    // A Metadata v9 whose topic array claims a million entries in a few bytes.
    bad.write(withSize(Buffer.from([0, 3, 0, 9, 0, 0, 0, 1, 0, 0, 0, 0xc0, 0x84, 0x3d])));
    await bad.closed;
    const truncatedHeader = await kafkaClient(b.port);
    truncatedHeader.write(withSize(Buffer.from([0, 3, 0])));
    await truncatedHeader.closed;

    const good = await kafkaClient(b.port);
    const frame = kafkaRequestFrame('ApiVersions', 3, 9, { clientSoftwareName: 'a', clientSoftwareVersion: 'b' });
    expect((await good.sendRaw(frame, 9)).readInt16BE(0)).toBe(0);
    good.destroy();
  });

  it('answers in request order on a connection, as Kafka does, even behind a parked Fetch', async () => {
    const b = await fixtures.broker();
    b.services.topics.create('quiet', 1);
    const client = await kafkaClient(b.port);
    const order: string[] = [];
    const fetch = client
      .request('Fetch', 11, {
        maxWaitMs: 200,
        minBytes: 1,
        maxBytes: 1024,
        topics: [{ topic: 'quiet', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1024 }] }],
      })
      .then(() => order.push('Fetch'));
    const versions = client.request('ApiVersions', 0, {}).then(() => order.push('ApiVersions'));
    await Promise.all([fetch, versions]);
    expect(order).toEqual(['Fetch', 'ApiVersions']);
    client.destroy();
  });

  it('serves static membership: a rejoining instance fences its old member id', async () => {
    const b = await fixtures.broker();
    const client = await kafkaClient(b.port);
    const join = () =>
      client.request<JoinGroupResponse>('JoinGroup', 5, {
        groupId: 'static',
        sessionTimeoutMs: 6000,
        rebalanceTimeoutMs: 6000,
        memberId: '',
        groupInstanceId: 'instance-1',
        protocolType: 'consumer',
        protocols: [{ name: 'range', metadata: Buffer.from(encodeSubscription({ topics: ['t'] })) }],
      });
    const first = await join();
    expect(first.errorCode).toBe(0);
    const synced = await client.request<SyncGroupResponse>('SyncGroup', 3, {
      groupId: 'static',
      generationId: first.generationId,
      memberId: first.memberId,
      groupInstanceId: 'instance-1',
      assignments: [{ memberId: first.memberId, assignment: Buffer.alloc(0) }],
    });
    expect(synced.errorCode).toBe(0);

    const second = await join();
    expect(second.errorCode).toBe(0);
    expect(second.memberId).not.toBe(first.memberId);
    const stale = await client.request<HeartbeatResponse>('Heartbeat', 3, {
      groupId: 'static',
      generationId: first.generationId,
      memberId: first.memberId,
      groupInstanceId: 'instance-1',
    });
    expect(stale.errorCode).toBe(ErrorCode.FENCED_INSTANCE_ID);
    client.destroy();
  });

  it('on a broker that requires SASL, answers ApiVersions but closes a Kafka connection that asks for more', async () => {
    const b = await fixtures.broker({ users: [{ username: 'alice', password: 'secret' }] });
    const client = await kafkaClient(b.port);
    const versions = await client.request<ApiVersionsResponse>('ApiVersions', 0, {});
    expect(versions.errorCode).toBe(0);
    client.write(kafkaRequestFrame('Metadata', 9, 2, { topics: null, allowAutoTopicCreation: true }));
    await client.closed;
    expect(b.services.topics.list()).toEqual([]);
  });
});
