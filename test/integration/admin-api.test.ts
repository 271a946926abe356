// The admin HTTP API through fastify's inject() (no socket), against a real broker's core, with
// real SDK consumers for the group routes.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAdminApp } from '../../server/admin/index.js';
import { waitForCommittedLag, waitForStable } from '../helpers/admin.js';
import { setup } from '../helpers/sdk.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

async function adminSetup() {
  const s = await setup();
  const app = buildAdminApp(s.broker.services, { console: false });
  apps.push(app);
  const call = async (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: object) => {
    const res = await app.inject({ method, url, ...(payload ? { payload } : {}) });
    return { status: res.statusCode, body: res.body ? res.json<any>() : undefined };
  };
  return { ...s, app, call };
}

describe('admin API: health and topics', () => {
  it('GET /health answers ok with the broker address', async () => {
    const { call, broker } = await adminSetup();
    expect(await call('GET', '/health')).toEqual({
      status: 200,
      body: { status: 'ok', clusterId: 'minibroker', nodeId: 0, broker: broker.brokers[0] },
    });
  });

  it('creates, lists, describes, grows and deletes topics', async () => {
    const { call } = await adminSetup();
    const created = await call('POST', '/api/topics', {
      topic: 'orders',
      numPartitions: 2,
      configs: { 'retention.ms': '60000' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'orders',
      configs: { 'retention.ms': '60000' },
      retention: { ms: 60000, bytes: -1 },
    });
    expect(created.body.partitions).toEqual(
      [0, 1].map((partition) => ({ partition, logStartOffset: 0, logEndOffset: 0, sizeBytes: 0 })),
    );
    expect((await call('GET', '/api/topics')).body).toEqual({
      topics: [{ name: 'orders', partitions: 2, messages: 0, sizeBytes: 0 }],
    });
    const grown = await call('POST', '/api/topics/orders/partitions', { count: 3 });
    expect(grown.status).toBe(200);
    expect(grown.body.partitions).toHaveLength(3);
    expect((await call('GET', '/api/topics/orders')).body.partitions).toHaveLength(3);
    expect((await call('DELETE', '/api/topics/orders')).status).toBe(204);
    expect((await call('GET', '/api/topics/orders')).status).toBe(404);
  });

  it('answers bad topic requests with the right status, code and field', async () => {
    const { call } = await adminSetup();
    await call('POST', '/api/topics', { topic: 'orders', numPartitions: 1 });
    const cases: [string, 'GET' | 'POST' | 'DELETE', string, object | undefined, number, string, string?][] = [
      ['unknown topic', 'GET', '/api/topics/nope', undefined, 404, 'TOPIC_NOT_FOUND'],
      ['delete unknown topic', 'DELETE', '/api/topics/nope', undefined, 404, 'TOPIC_NOT_FOUND'],
      ['grow unknown topic', 'POST', '/api/topics/nope/partitions', { count: 2 }, 404, 'TOPIC_NOT_FOUND'],
      ['existing topic', 'POST', '/api/topics', { topic: 'orders', numPartitions: 1 }, 409, 'TOPIC_ALREADY_EXISTS'],
      ['missing topic', 'POST', '/api/topics', { numPartitions: 1 }, 400, 'INVALID_REQUEST', 'topic'],
      ['bad name', 'POST', '/api/topics', { topic: 'no spaces' }, 400, 'INVALID_TOPIC', 'topic'],
      [
        'zero partitions',
        'POST',
        '/api/topics',
        { topic: 't', numPartitions: 0 },
        400,
        'INVALID_REQUEST',
        'numPartitions',
      ],
      [
        'text partitions',
        'POST',
        '/api/topics',
        { topic: 't', numPartitions: 'many' },
        400,
        'INVALID_REQUEST',
        'numPartitions',
      ],
      [
        'unknown config',
        'POST',
        '/api/topics',
        { topic: 't', configs: { 'cleanup.policy': 'compact' } },
        400,
        'INVALID_CONFIG',
        'configs',
      ],
      [
        'unknown field',
        'POST',
        '/api/topics',
        { topic: 't', replicationFactor: 3 },
        400,
        'INVALID_REQUEST',
        'replicationFactor',
      ],
      ['shrinking', 'POST', '/api/topics/orders/partitions', { count: 1 }, 400, 'INVALID_PARTITIONS', 'count'],
      ['unknown route', 'GET', '/api/nothing', undefined, 404, 'ROUTE_NOT_FOUND'],
    ];
    for (const [what, method, url, payload, status, code, field] of cases) {
      const res = await call(method, url, payload);
      expect({ what, status: res.status, code: res.body.error.code, field: res.body.error.field }).toEqual({
        what,
        status,
        code,
        field,
      });
      expect(res.body.error.message).toEqual(expect.any(String));
    }
  });
});

describe('admin API: messages', () => {
  it('peeks at records: printable as UTF-8, binary as base64, the latest by default', async () => {
    const { call, producer } = await adminSetup();
    await call('POST', '/api/topics', { topic: 'events', numPartitions: 2 });
    const p = await producer({ lingerMs: 0 });
    await p.send({
      topic: 'events',
      messages: [
        { key: 'k1', value: 'hello', partition: 0, headers: { source: 'test' } },
        { key: null, value: Buffer.from([0, 1, 2, 255]), partition: 0 },
        { value: 'third', partition: 0 },
      ],
    });
    const all = await call('GET', '/api/topics/events/messages?partition=0&offset=0&limit=10');
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ topic: 'events', partition: 0, logStartOffset: 0, logEndOffset: 3 });
    expect(all.body.messages.map((m: any) => [m.offset, m.key, m.value])).toEqual([
      [0, { encoding: 'utf8', data: 'k1' }, { encoding: 'utf8', data: 'hello' }],
      [1, null, { encoding: 'base64', data: 'AAEC/w==' }],
      [2, null, { encoding: 'utf8', data: 'third' }],
    ]);
    expect(all.body.messages[0].headers).toEqual({ source: [{ encoding: 'utf8', data: 'test' }] });
    const latest = await call('GET', '/api/topics/events/messages?partition=0&limit=1');
    expect(latest.body.messages.map((m: any) => m.offset)).toEqual([2]);
    expect((await call('GET', '/api/topics/events/messages?offset=1&limit=1')).body.messages[0].offset).toBe(1);
    const bad = await Promise.all([
      call('GET', '/api/topics/events/messages?partition=7'),
      call('GET', '/api/topics/events/messages?offset=9'),
      call('GET', '/api/topics/events/messages?limit=0'),
      call('GET', '/api/topics/nope/messages'),
    ]);
    expect(bad.map((r) => [r.status, r.body.error.code, r.body.error.field])).toEqual([
      [404, 'PARTITION_NOT_FOUND', 'partition'],
      [400, 'OFFSET_OUT_OF_RANGE', 'offset'],
      [400, 'INVALID_REQUEST', 'limit'],
      [404, 'TOPIC_NOT_FOUND', undefined],
    ]);
  });
});

describe('admin API: groups', () => {
  it('describes a live group, refuses reset and delete while it has members, then resets (dry run first) and deletes', async () => {
    const { call, producer, consumer, broker } = await adminSetup();
    await call('POST', '/api/topics', { topic: 'orders', numPartitions: 2 });
    const p = await producer({ lingerMs: 0 });
    await p.send({ topic: 'orders', messages: [0, 1, 2, 3, 4, 5].map((i) => ({ value: `v${i}`, partition: i % 2 })) });
    const c = await consumer({ groupId: 'billing' });
    await c.subscribe({ topics: ['orders'], fromBeginning: true });
    await c.run({ autoCommitThreshold: 1, autoCommitInterval: 20, eachMessage: async () => {} });
    await waitForStable(broker, 'billing', 1);
    await waitForCommittedLag(broker, 'billing', 0);

    const list = await call('GET', '/api/groups');
    expect(list.body.groups).toEqual([
      {
        groupId: 'billing',
        state: 'Stable',
        protocolType: 'consumer',
        protocol: expect.any(String),
        members: 1,
        totalLag: 0,
      },
    ]);
    const group = (await call('GET', '/api/groups/billing')).body;
    expect(group).toMatchObject({
      groupId: 'billing',
      state: 'Stable',
      generationId: expect.any(Number),
      leader: group.members[0].memberId,
      coordinatorShard: broker.services.coordinators.shardFor('billing'),
      totalLag: 0,
    });
    expect(group.members).toEqual([
      {
        memberId: expect.any(String),
        groupInstanceId: null,
        clientId: 'sdk-test',
        host: expect.any(String),
        lastHeartbeat: expect.toSatisfy((v: unknown) => v === null || !Number.isNaN(Date.parse(String(v)))),
        assignment: [{ topic: 'orders', partitions: [0, 1] }],
      },
    ]);
    const owner = group.members[0].memberId;
    expect(group.partitions).toEqual(
      [0, 1].map((partition) => ({
        topic: 'orders',
        partition,
        committedOffset: 3,
        logStartOffset: 0,
        logEndOffset: 3,
        lastStableOffset: 3,
        lag: 0,
        owner,
      })),
    );

    const reset = await call('POST', '/api/groups/billing/offsets/reset', { to: 'earliest' });
    expect([reset.status, reset.body.error.code]).toEqual([409, 'GROUP_NOT_EMPTY']);
    expect((await call('DELETE', '/api/groups/billing')).body.error.code).toBe('GROUP_NOT_EMPTY');

    await c.disconnect();
    await p.send({ topic: 'orders', messages: [{ value: 'late', partition: 0 }] });
    expect((await call('GET', '/api/groups/billing')).body).toMatchObject({ state: 'Empty', members: [] });
    const dry = await call('POST', '/api/groups/billing/offsets/reset', { to: 'shift', value: -2 });
    expect(dry.body).toEqual({
      executed: false,
      offsets: [
        { topic: 'orders', partition: 0, current: 3, next: 1 },
        { topic: 'orders', partition: 1, current: 3, next: 1 },
      ],
    });
    expect((await call('GET', '/api/groups/billing')).body.partitions.map((x: any) => x.committedOffset)).toEqual([
      3, 3,
    ]);
    const done = await call('POST', '/api/groups/billing/offsets/reset', {
      to: 'offset',
      value: 2,
      topics: [{ topic: 'orders', partitions: [0] }],
      execute: true,
    });
    expect(done.body).toEqual({ executed: true, offsets: [{ topic: 'orders', partition: 0, current: 3, next: 2 }] });
    const after = (await call('GET', '/api/groups/billing')).body;
    expect(after.partitions.map((x: any) => [x.committedOffset, x.lag])).toEqual([
      [2, 2],
      [3, 0],
    ]);
    expect(after.totalLag).toBe(2);

    expect((await call('DELETE', '/api/groups/billing')).status).toBe(204);
    expect((await call('GET', '/api/groups/billing')).status).toBe(404);
  });

  it('answers bad group requests with 404 or 400 naming the field', async () => {
    const { call, broker } = await adminSetup();
    await call('POST', '/api/topics', { topic: 'orders', numPartitions: 1 });
    // A group with committed offsets and no members (a "simple" commit).
    broker.services.coordinators.forGroup('idle').commitOffsets({
      groupId: 'idle',
      generationId: -1,
      memberId: '',
      topics: [{ name: 'orders', partitions: [{ partition: 0, offset: 0 }] }],
    });
    const cases: [string, 'GET' | 'POST' | 'DELETE', string, object | undefined, number, string, string?][] = [
      ['describe unknown', 'GET', '/api/groups/nope', undefined, 404, 'GROUP_NOT_FOUND'],
      ['delete unknown', 'DELETE', '/api/groups/nope', undefined, 404, 'GROUP_NOT_FOUND'],
      ['reset unknown', 'POST', '/api/groups/nope/offsets/reset', { to: 'earliest' }, 404, 'GROUP_NOT_FOUND'],
      ['no strategy', 'POST', '/api/groups/idle/offsets/reset', {}, 400, 'INVALID_REQUEST', 'to'],
      ['bad strategy', 'POST', '/api/groups/idle/offsets/reset', { to: 'beginning' }, 400, 'INVALID_REQUEST', 'to'],
      ['no value', 'POST', '/api/groups/idle/offsets/reset', { to: 'offset' }, 400, 'INVALID_REQUEST', 'value'],
      [
        'bad duration',
        'POST',
        '/api/groups/idle/offsets/reset',
        { to: 'duration', value: 'an hour' },
        400,
        'INVALID_REQUEST',
        'value',
      ],
      [
        'bad execute',
        'POST',
        '/api/groups/idle/offsets/reset',
        { to: 'latest', execute: 'yes' },
        400,
        'INVALID_REQUEST',
        'execute',
      ],
      [
        'bad partition',
        'POST',
        '/api/groups/idle/offsets/reset',
        { to: 'latest', topics: [{ topic: 'orders', partitions: [-1] }] },
        400,
        'INVALID_REQUEST',
        'topics.0.partitions.0',
      ],
      [
        'unknown topic',
        'POST',
        '/api/groups/idle/offsets/reset',
        { to: 'latest', topics: [{ topic: 'nope' }] },
        404,
        'TOPIC_NOT_FOUND',
      ],
      [
        'unknown partition',
        'POST',
        '/api/groups/idle/offsets/reset',
        { to: 'latest', topics: [{ topic: 'orders', partitions: [5] }] },
        404,
        'PARTITION_NOT_FOUND',
        'topics',
      ],
    ];
    for (const [what, method, url, payload, status, code, field] of cases) {
      const res = await call(method, url, payload);
      expect({ what, status: res.status, code: res.body.error.code, field: res.body.error.field }).toEqual({
        what,
        status,
        code,
        field,
      });
    }
  });
});
