// Connection-level bounds over real sockets: connection limits (total and per address), idle
// connections closed, partial frames that never complete closed.
import { describe, expect, it } from 'vitest';
import { Api } from '../../protocol/apis.js';
import { encodeRequestFrame } from '../../protocol/envelope.js';
import { ErrorCode } from '../../protocol/errors.js';
import { encodeRecordBatch } from '../../protocol/record-batch.js';
import { RawClient, useBrokerFixtures, type DeepPartial } from '../helpers/broker.js';
import { pollUntil } from '../helpers/poll-until.js';
import type { Broker } from '../../server/broker.js';
import type { RequestOf } from '../../protocol/messages.js';

const fixtures = useBrokerFixtures();

/** A client the test closes itself (per-address tests need a chosen local address). */
async function clientFrom(broker: Broker, localAddress: string, opened: RawClient[]): Promise<RawClient> {
  const client = await RawClient.connect(broker.port, broker.host, localAddress);
  opened.push(client);
  return client;
}

/** The client was refused: one notice with a retriable error naming the limit, then closed. */
async function expectRefused(client: RawClient, limit: RegExp): Promise<void> {
  await expect(client.request('ApiVersions', {})).rejects.toThrow();
  await client.closed;
  expect(client.notices).toHaveLength(1);
  expect(client.notices[0]).toMatchObject({ correlationId: 0, errorCode: ErrorCode.NETWORK_EXCEPTION });
  expect(client.notices[0]!.errorMessage).toMatch(limit);
}

const parkedFetch = (topic: string): DeepPartial<RequestOf<'Fetch'>> => ({
  maxWaitMs: 60_000,
  minBytes: 1,
  topics: [{ name: topic, partitions: [{ partition: 0, fetchOffset: 0 }] }],
});

describe('connection limits', () => {
  it('refuses connections over maxConnections with a notice; open ones keep being served', async () => {
    const broker = await fixtures.broker({ maxConnections: 2 });
    const first = await fixtures.client(broker);
    const second = await fixtures.client(broker);
    await first.request('ApiVersions', {});
    await second.request('ApiVersions', {});

    await expectRefused(await fixtures.client(broker), /maxConnections \(2\)/);
    expect((await first.request('Metadata', {})).brokers).toHaveLength(1);
    expect((await second.request('Metadata', {})).brokers).toHaveLength(1);

    // A closed connection frees its place.
    first.destroy();
    await pollUntil(() => broker.connectionStats().length === 1);
    const next = await fixtures.client(broker);
    expect((await next.request('ApiVersions', {})).apis.length).toBeGreaterThan(0);
  });

  it('refuses connections over maxConnectionsPerIp from one address only', async () => {
    const broker = await fixtures.broker({ maxConnectionsPerIp: 1 });
    const opened: RawClient[] = [];
    try {
      const first = await clientFrom(broker, '127.0.0.1', opened);
      await first.request('ApiVersions', {});
      await expectRefused(
        await clientFrom(broker, '127.0.0.1', opened),
        /127\.0\.0\.1 has reached maxConnectionsPerIp \(1\)/,
      );
      const elsewhere = await clientFrom(broker, '127.0.0.2', opened);
      expect((await elsewhere.request('ApiVersions', {})).apis.length).toBeGreaterThan(0);
      expect((await first.request('ApiVersions', {})).apis.length).toBeGreaterThan(0);
    } finally {
      for (const client of opened) client.destroy();
    }
  });
});

describe('idle connections', () => {
  it('closes a connection idle for connectionsMaxIdleMs, but not one with a parked Fetch', async () => {
    const broker = await fixtures.broker({ connectionsMaxIdleMs: 100 });
    const admin = await fixtures.client(broker);
    await admin.request('CreateTopics', { topics: [{ name: 'idle', numPartitions: 1, configs: {} }] });
    const waiting = await fixtures.client(broker);
    const fetched = waiting.request('Fetch', parkedFetch('idle'));
    await pollUntil(() => broker.services.fetcher.parked === 1);

    // Idle witnesses opened one after another: when the third is closed, the parked Fetch's
    // connection has been quiet past the limit and checked at least once.
    for (let i = 0; i < 3; i++) {
      const witness = await fixtures.client(broker);
      await witness.request('ApiVersions', {});
      await witness.closed;
    }
    await admin.closed;
    // Only the parked Fetch's connection is left once the broker has seen the others go.
    await pollUntil(() => broker.connectionStats().length === 1);
    expect(broker.connectionStats()).toMatchObject([{ inFlight: 1 }]);

    const producer = await fixtures.client(broker);
    await producer.request('Produce', {
      topics: [{ name: 'idle', partitions: [{ partition: 0, records: encodeRecordBatch([{ value: 'wake' }]) }] }],
    });
    expect((await fetched).topics[0]!.partitions[0]!.errorCode).toBe(0);
    // Answered, the connection is idle again and closed in its turn.
    await waiting.closed;
  });
});

describe('partial frames', () => {
  it('closes a connection whose frame trickles in slower than frameReadTimeoutMs, and serves others', async () => {
    const broker = await fixtures.broker({ frameReadTimeoutMs: 200 });
    const slow = await fixtures.client(broker);
    const other = await fixtures.client(broker);
    const frame = encodeRequestFrame(Api.ApiVersions, 0, 1, 'slowloris', {});
    let sent = 0;
    // One byte at a time, never the whole frame: the broker must give up first.
    const trickle = setInterval(() => {
      if (sent < frame.length - 1) slow.write(frame.subarray(sent, ++sent));
    }, 10);
    try {
      await slow.closed;
    } finally {
      clearInterval(trickle);
    }
    expect(slow.notices).toHaveLength(1);
    expect(slow.notices[0]).toMatchObject({ correlationId: 0, errorCode: ErrorCode.REQUEST_TIMED_OUT });
    expect(slow.notices[0]!.errorMessage).toMatch(/frameReadTimeoutMs/);
    expect((await other.request('ApiVersions', {})).apis.length).toBeGreaterThan(0);
  });

  it('keeps a connection that always has a frame partly sent, as long as each frame completes in time', async () => {
    // Generous slack per frame (a 150 ms pause against a 1 s timeout) so a loaded machine cannot fail it.
    const broker = await fixtures.broker({ frameReadTimeoutMs: 1000 });
    const client = await fixtures.client(broker);
    const frames = Array.from({ length: 8 }, (_, i) => encodeRequestFrame(Api.ApiVersions, 0, i + 1, 'steady', {}));
    client.write(frames[0]!.subarray(0, 5));
    // Each write completes one frame and starts the next; the pauses add up past the timeout,
    // so only a clock restarted per frame keeps the connection open.
    for (let i = 0; i < frames.length; i++) {
      const answer = client.expect(i + 1);
      client.write(Buffer.concat([frames[i]!.subarray(5), frames[i + 1]?.subarray(0, 5) ?? Buffer.alloc(0)]));
      expect((await answer).errorCode).toBe(0);
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(client.notices).toHaveLength(0);
    expect((await client.request('ApiVersions', {})).apis.length).toBeGreaterThan(0);
  });
});
