// minibroker/testing's faults over real sockets, with the raw protocol client and the SDK:
// kickMember, forceRebalance, dropConnections, delayResponses, failNext.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../client-sdk/index.js';
import { Api, type ApiName } from '../../protocol/apis.js';
import { decodeBody, encodeRequestFrame } from '../../protocol/envelope.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { ApiMessages, RequestOf, ResponseOf } from '../../protocol/messages.js';
import { startTestBroker, TEST_CLIENT_ID, type TestBroker } from '../../testing/index.js';
import { RawClient, type DeepPartial } from '../helpers/broker.js';
import { commit, createTopic, fetchOffsets, heartbeat, join, joinAlone, sync, twoMembers } from '../helpers/groups.js';

let broker: TestBroker;
const clients: RawClient[] = [];
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.destroy();
  for (const close of closers.splice(0)) await close();
  await broker.reset();
});
afterAll(() => broker.close());

async function raw(): Promise<RawClient> {
  const client = await RawClient.connectTo(broker.brokers[0]!);
  clients.push(client);
  return client;
}

let nextCorrelationId = 100_000;
/** A request under a chosen client id (RawClient always says "raw-test"). */
async function requestAs<N extends ApiName & keyof ApiMessages>(
  client: RawClient,
  clientId: string,
  api: N,
  body: DeepPartial<RequestOf<N>>,
): Promise<ResponseOf<N>> {
  const correlationId = nextCorrelationId++;
  const response = client.expect(correlationId);
  client.write(encodeRequestFrame(Api[api], 0, correlationId, clientId, body));
  return decodeBody<ResponseOf<N>>(Api[api].response, (await response).body);
}

function sdk(clientId: string) {
  return new Client({
    clientId,
    brokers: broker.brokers,
    logLevel: 'nothing',
    retry: { retries: 5, initialRetryTime: 10 },
  });
}

describe('kickMember', () => {
  it('evicts the member as a session expiry would: its heartbeat gets UNKNOWN_MEMBER_ID', async () => {
    const client = await raw();
    await createTopic(client, 't', 1);
    const member = await joinAlone(client, 'kick-1');
    broker.faults.kickMember('kick-1', member.memberId);
    expect(await heartbeat(client, 'kick-1', member.generationId, member.memberId)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    expect(await commit(client, 'kick-1', member.generationId, member.memberId, 't', { 0: 1 })).toEqual([
      ErrorCode.UNKNOWN_MEMBER_ID,
    ]);
  });

  it('makes the rest of the group rebalance without the kicked member', async () => {
    const [a, b] = [await raw(), await raw()];
    await createTopic(a, 't', 4);
    const { idA, idB, generationId } = await twoMembers(a, b, 'kick-2');
    broker.faults.kickMember('kick-2', idB);
    expect(await heartbeat(a, 'kick-2', generationId, idA)).toBe(ErrorCode.REBALANCE_IN_PROGRESS);
    expect(await heartbeat(b, 'kick-2', generationId, idB)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    const rejoined = await join(a, 'kick-2', idA);
    expect(rejoined.generationId).toBe(generationId + 1);
    await sync(a, 'kick-2', rejoined.generationId, idA, []);
    const group = await broker.waitForGroupStable('kick-2', { members: 1 });
    expect(group.members.map((m) => m.memberId)).toEqual([idA]);
  });

  it('says which members there are when the member is unknown', async () => {
    const client = await raw();
    await createTopic(client, 't', 1);
    const member = await joinAlone(client, 'kick-3');
    expect(() => broker.faults.kickMember('kick-3', 'nobody')).toThrow(
      new RegExp(
        `kickMember: no member "nobody" in group "kick-3" \\(group "kick-3" is Stable with 1 member: ${member.memberId}\\)`,
      ),
    );
    expect(() => broker.faults.kickMember('no-group', 'x')).toThrow(/group "no-group" does not exist/);
  });
});

describe('forceRebalance', () => {
  it('makes heartbeats answer REBALANCE_IN_PROGRESS until the members rejoin', async () => {
    const client = await raw();
    await createTopic(client, 't', 1);
    const member = await joinAlone(client, 'rebalance-1');
    broker.faults.forceRebalance('rebalance-1');
    expect(await heartbeat(client, 'rebalance-1', member.generationId, member.memberId)).toBe(
      ErrorCode.REBALANCE_IN_PROGRESS,
    );
    const rejoined = await join(client, 'rebalance-1', member.memberId);
    expect(rejoined.generationId).toBe(member.generationId + 1);
    await sync(client, 'rebalance-1', rejoined.generationId, member.memberId, []);
    expect(await heartbeat(client, 'rebalance-1', rejoined.generationId, member.memberId)).toBe(ErrorCode.NONE);
  });

  it('refuses a group without members', () => {
    expect(() => broker.faults.forceRebalance('empty')).toThrow(
      /forceRebalance: group "empty" has no members to rebalance \(group "empty" does not exist\)/,
    );
  });
});

describe('dropConnections', () => {
  it('closes only the connections of that client id', async () => {
    const [a1, a2, b] = [await raw(), await raw(), await raw()];
    await Promise.all([
      requestAs(a1, 'svc-a', 'ApiVersions', {}),
      requestAs(a2, 'svc-a', 'ApiVersions', {}),
      requestAs(b, 'svc-b', 'ApiVersions', {}),
    ]);
    expect(broker.faults.dropConnections({ clientId: 'svc-a' })).toBe(2);
    await Promise.all([a1.closed, a2.closed]);
    expect((await requestAs(b, 'svc-b', 'ApiVersions', {})).errorCode).toBe(0);
    expect(broker.faults.dropConnections({ clientId: 'nobody' })).toBe(0);
  });

  it('an SDK producer whose connections were dropped reconnects and goes on', async () => {
    const producer = sdk('dropped-producer').producer();
    await producer.connect();
    closers.push(() => producer.disconnect());
    await producer.send({ topic: 'drops', messages: [{ value: '1' }] });
    expect(broker.faults.dropConnections({ clientId: 'dropped-producer' })).toBeGreaterThan(0);
    await producer.send({ topic: 'drops', messages: [{ value: '2' }] });
    expect((await broker.consumeN('drops', 2)).map((r) => r.value?.toString())).toEqual(['1', '2']);
  });
});

describe('delayResponses', () => {
  it('holds back only that API: a Fetch sent first is answered after a Metadata sent later', async () => {
    const client = await raw();
    await broker.produce('slow', ['x']);
    broker.faults.delayResponses({ api: 'Fetch', ms: 100 });
    const order: string[] = [];
    const fetched = client
      .request('Fetch', { maxWaitMs: 0, topics: [{ name: 'slow', partitions: [{ partition: 0, fetchOffset: 0 }] }] })
      .then((r) => {
        order.push('Fetch');
        return r;
      });
    const metadata = client.request('Metadata', { topics: ['slow'] }).then(() => order.push('Metadata'));
    await Promise.all([fetched, metadata]);
    expect(order).toEqual(['Metadata', 'Fetch']);
    // The Fetch was handled normally, only late.
    expect((await fetched).topics[0]!.partitions[0]!.highWatermark).toBe(1);
  });

  it('can be limited to one client id and removed', async () => {
    const [slow, fast] = [await raw(), await raw()];
    const remove = broker.faults.delayResponses({ api: 'ApiVersions', ms: 60_000, clientId: 'slow-client' });
    let slowAnswered = false;
    const held = requestAs(slow, 'slow-client', 'ApiVersions', {}).then(() => (slowAnswered = true));
    expect((await requestAs(fast, 'fast-client', 'ApiVersions', {})).errorCode).toBe(0);
    expect(slowAnswered).toBe(false);
    remove();
    // Removing stops new delays; clear() releases the response already held.
    expect((await requestAs(slow, 'slow-client', 'ApiVersions', {})).errorCode).toBe(0);
    expect(slowAnswered).toBe(false);
    broker.faults.clear();
    await held;
  });
});

describe('failNext', () => {
  it('answers the error code exactly `times` times, without handling the request, then normally', async () => {
    const client = await raw();
    await broker.createTopic('commits', 1);
    broker.faults.failNext({ api: 'OffsetCommit', errorCode: ErrorCode.REBALANCE_IN_PROGRESS, times: 2 });
    expect(await commit(client, 'fails', -1, '', 'commits', { 0: 1 })).toEqual([ErrorCode.REBALANCE_IN_PROGRESS]);
    expect(await commit(client, 'fails', -1, '', 'commits', { 0: 2 })).toEqual([ErrorCode.REBALANCE_IN_PROGRESS]);
    expect(await fetchOffsets(client, 'fails', 'commits', [0])).toMatchObject([{ offset: -1 }]);
    expect(await commit(client, 'fails', -1, '', 'commits', { 0: 3 })).toEqual([ErrorCode.NONE]);
    expect(await fetchOffsets(client, 'fails', 'commits', [0])).toMatchObject([{ offset: 3 }]);
  });

  it('puts the code where the API carries it (Heartbeat, Fetch partitions)', async () => {
    const client = await raw();
    await createTopic(client, 't', 1);
    const member = await joinAlone(client, 'hb');
    broker.faults.failNext({ api: 'Heartbeat', errorCode: ErrorCode.NOT_COORDINATOR });
    expect(await heartbeat(client, 'hb', member.generationId, member.memberId)).toBe(ErrorCode.NOT_COORDINATOR);
    expect(await heartbeat(client, 'hb', member.generationId, member.memberId)).toBe(ErrorCode.NONE);
    broker.faults.failNext({ api: 'Fetch', errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER });
    const fetched = await client.request('Fetch', {
      maxWaitMs: 0,
      topics: [
        {
          name: 't',
          partitions: [
            { partition: 0, fetchOffset: 0 },
            { partition: 1, fetchOffset: 0 },
          ],
        },
      ],
    });
    expect(fetched.topics[0]!.partitions.map((p) => p.errorCode)).toEqual([
      ErrorCode.NOT_LEADER_OR_FOLLOWER,
      ErrorCode.NOT_LEADER_OR_FOLLOWER,
    ]);
  });

  it('an SDK producer retries a retriable failure and stores the records once', async () => {
    const producer = sdk('retrying-producer').producer();
    await producer.connect();
    closers.push(() => producer.disconnect());
    await broker.createTopic('retried', 1);
    broker.faults.failNext({
      api: 'Produce',
      errorCode: ErrorCode.NOT_LEADER_OR_FOLLOWER,
      times: 2,
      clientId: 'retrying-producer',
    });
    const [meta] = await producer.send({ topic: 'retried', messages: [{ value: 'once' }] });
    expect(meta!.baseOffset).toBe('0');
    await broker.produce('retried', ['kit']);
    expect((await broker.consumeN('retried', 2)).map((r) => r.value?.toString())).toEqual(['once', 'kit']);
  });

  it("a client-id filter leaves the kit's own requests alone", async () => {
    broker.faults.failNext({ api: 'Produce', errorCode: ErrorCode.INVALID_REQUEST, clientId: 'someone-else' });
    await broker.produce('mine', ['ok']);
    expect(TEST_CLIENT_ID).toBe('minibroker-testing');
  });
});

describe('fault arguments', () => {
  it('names the APIs when the api is unknown', () => {
    expect(() => broker.faults.delayResponses({ api: 'Fech' as ApiName, ms: 1 })).toThrow(
      /delayResponses: unknown API "Fech"; expected one of Produce, Fetch, .*OffsetCommit/,
    );
    expect(() => broker.faults.failNext({ api: 'offsetcommit' as ApiName, errorCode: 27 })).toThrow(
      /failNext: unknown API "offsetcommit"/,
    );
  });

  it('rejects unknown error codes, counts and delays', () => {
    expect(() => broker.faults.failNext({ api: 'Fetch', errorCode: 0 })).toThrow(
      /errorCode must be a known non-zero error code/,
    );
    expect(() => broker.faults.failNext({ api: 'Fetch', errorCode: 12345 })).toThrow(/got 12345/);
    expect(() => broker.faults.failNext({ api: 'Fetch', errorCode: 27, times: 0 })).toThrow(
      /times must be a positive integer/,
    );
    expect(() => broker.faults.delayResponses({ api: 'Fetch', ms: -5 })).toThrow(/ms must be a non-negative integer/);
    expect(() => broker.faults.dropConnections({ clientId: '' })).toThrow(/non-empty string/);
  });
});
