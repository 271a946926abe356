// The console's topic routes over real HTTP (the broker's admin server on port 0): the message
// browser (newest, oldest, offset, timestamp; one partition or all; filters; cursor paging),
// producing a record, values decoded through a ValueDecoder, and the broker-side lag history.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAdminApp } from '../../server/admin/index.js';
import type { ValueDecoder } from '../../server/admin/value-decoder.js';
import { pollUntil } from '../helpers/poll-until.js';
import { setup } from '../helpers/sdk.js';

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

function http(baseUrl: string) {
  return async (method: 'GET' | 'POST' | 'DELETE', path: string, body?: object) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: body ? { 'content-type': 'application/json' } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
}

/** 30 records over 3 partitions, 10 each; record i has key `user-<i % 5>`, value `{"n":i}` and timestamp T0 + i. */
const T0 = Date.UTC(2026, 0, 1);
async function browseSetup(options: Parameters<typeof setup>[0] = {}) {
  const s = await setup({ httpPort: 0, ...options });
  const call = http(s.broker.adminUrl!);
  expect((await call('POST', '/api/topics', { topic: 'events', numPartitions: 3 })).status).toBe(201);
  const p = await s.producer({ lingerMs: 0 });
  await p.send({
    topic: 'events',
    messages: Array.from({ length: 30 }, (_, i) => ({
      key: `user-${i % 5}`,
      value: JSON.stringify({ n: i }),
      partition: i % 3,
      timestamp: String(T0 + i),
      headers: { seq: String(i) },
    })),
  });
  return { ...s, call };
}

const ns = (messages: { value: { data: string } }[]) =>
  messages.map((m) => (JSON.parse(m.value.data) as { n: number }).n);

async function pageThrough(call: ReturnType<typeof http>, query: string) {
  const seen: number[] = [];
  let path = `/api/topics/events/messages?${query}`;
  for (let pages = 0; pages < 50; pages++) {
    const res = await call('GET', path);
    expect(res.status).toBe(200);
    seen.push(...ns(res.body.messages));
    if (res.body.next === null) return { seen, pages: pages + 1 };
    path = `/api/topics/events/messages?${query}&cursor=${res.body.next}`;
  }
  throw new Error('paging did not end');
}

describe('admin API: message browser', () => {
  it('shows the newest records of all partitions first and pages back to the oldest', async () => {
    const { call } = await browseSetup();
    const first = await call('GET', '/api/topics/events/messages?partition=all&limit=4');
    expect(first.status).toBe(200);
    expect(first.body.direction).toBe('backward');
    expect(ns(first.body.messages)).toEqual([29, 28, 27, 26]);
    expect(first.body.messages[0]).toMatchObject({
      partition: 2,
      offset: 9,
      timestamp: new Date(T0 + 29).toISOString(),
      key: { encoding: 'utf8', data: 'user-4' },
      headers: { seq: [{ encoding: 'utf8', data: '29' }] },
    });
    expect(first.body.partitions).toEqual(
      [0, 1, 2].map((partition) => ({ partition, logStartOffset: 0, logEndOffset: 10 })),
    );
    const { seen, pages } = await pageThrough(call, 'partition=all&limit=7');
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => 29 - i));
    expect(pages).toBe(5);
  });

  it('reads forward from the oldest record, an offset or a timestamp', async () => {
    const { call } = await browseSetup();
    const oldest = await pageThrough(call, 'partition=all&from=oldest&limit=8');
    expect(oldest.seen).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const fromOffset = await call('GET', '/api/topics/events/messages?partition=1&offset=7&limit=10');
    expect(fromOffset.body).toMatchObject({ partition: 1, logStartOffset: 0, logEndOffset: 10, direction: 'forward' });
    expect(fromOffset.body.messages.map((m: { offset: number }) => m.offset)).toEqual([7, 8, 9]);
    expect(fromOffset.body.next).toBeNull();
    const iso = new Date(T0 + 20).toISOString();
    const fromTime = await call(
      'GET',
      `/api/topics/events/messages?partition=all&from=timestamp&timestamp=${iso}&limit=3`,
    );
    expect(ns(fromTime.body.messages)).toEqual([20, 21, 22]);
    const epoch = await call('GET', `/api/topics/events/messages?partition=0&timestamp=${T0 + 20}&limit=3`);
    expect(ns(epoch.body.messages)).toEqual([21, 24, 27]);
  });

  it('filters by key or value substring, across pages', async () => {
    const { call } = await browseSetup();
    const byKey = await pageThrough(call, 'partition=all&key=user-3&limit=2');
    expect(byKey.seen).toEqual([28, 23, 18, 13, 8, 3]);
    const byValue = await call(
      'GET',
      `/api/topics/events/messages?partition=all&from=oldest&value=${encodeURIComponent('"n":1')}`,
    );
    expect(ns(byValue.body.messages)).toEqual([1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    const none = await call('GET', '/api/topics/events/messages?partition=all&key=nobody');
    expect(none.body.messages).toEqual([]);
  });

  it('answers bad browse requests with the field at fault', async () => {
    const { call } = await browseSetup();
    const bad = await Promise.all(
      [
        'partition=x',
        'partition=9',
        'from=offset',
        'from=timestamp&timestamp=yesterday',
        'cursor=nonsense',
        `partition=0&cursor=${Buffer.from(JSON.stringify({ d: 'f', p: [[1, 0]] })).toString('base64url')}`,
        `partition=0&cursor=${Buffer.from(JSON.stringify({ d: 'f', p: [[0, 99]] })).toString('base64url')}`,
        'partition=0&offset=11',
        'limit=1001',
        `key=${'k'.repeat(1025)}`,
        'colour=red',
      ].map((query) => call('GET', `/api/topics/events/messages?${query}`)),
    );
    expect(bad.map((r) => [r.status, r.body.error.code, r.body.error.field])).toEqual([
      [400, 'INVALID_REQUEST', 'partition'],
      [404, 'PARTITION_NOT_FOUND', 'partition'],
      [400, 'INVALID_REQUEST', 'offset'],
      [400, 'INVALID_REQUEST', 'timestamp'],
      [400, 'INVALID_REQUEST', 'cursor'],
      [400, 'INVALID_REQUEST', 'cursor'],
      [400, 'OFFSET_OUT_OF_RANGE', 'cursor'],
      [400, 'OFFSET_OUT_OF_RANGE', 'offset'],
      [400, 'INVALID_REQUEST', 'limit'],
      [400, 'INVALID_REQUEST', 'key'],
      [400, 'INVALID_REQUEST', 'colour'],
    ]);
    expect((await call('GET', '/api/topics/nope/messages')).status).toBe(404);
  });
});

describe('admin API: producing a record', () => {
  it('appends key, value and headers to the partition named, and refuses what it cannot store', async () => {
    const { call, broker } = await browseSetup({ maxBatchBytes: 4096 });
    const produced = await call('POST', '/api/topics/events/messages', {
      partition: 2,
      key: 'user-9',
      value: '{"n":99}',
      headers: { source: 'console' },
    });
    expect(produced.status).toBe(201);
    expect(produced.body).toMatchObject({ topic: 'events', partition: 2, offset: 10 });
    const newest = await call('GET', '/api/topics/events/messages?partition=2&limit=1');
    expect(newest.body.messages[0]).toMatchObject({
      offset: 10,
      key: { encoding: 'utf8', data: 'user-9' },
      value: { encoding: 'utf8', data: '{"n":99}' },
      headers: { source: [{ encoding: 'utf8', data: 'console' }] },
    });
    const tombstone = await call('POST', '/api/topics/events/messages', { partition: 0, key: 'user-1', value: null });
    expect(tombstone.status).toBe(201);

    const bad = await Promise.all([
      call('POST', '/api/topics/events/messages', { partition: 3, value: 'x' }),
      call('POST', '/api/topics/events/messages', { value: 'x' }),
      call('POST', '/api/topics/events/messages', { partition: 0, value: 'x', headers: { n: { nested: true } } }),
      call('POST', '/api/topics/events/messages', { partition: 0, value: 'x'.repeat(5000) }),
      call('POST', '/api/topics/missing/messages', { partition: 0, value: 'x' }),
    ]);
    expect(bad.map((r) => [r.status, r.body.error.code, r.body.error.field])).toEqual([
      [404, 'PARTITION_NOT_FOUND', 'partition'],
      [400, 'INVALID_REQUEST', 'partition'],
      [400, 'INVALID_REQUEST', 'headers.n'],
      [400, 'RECORD_TOO_LARGE', 'value'],
      [404, 'TOPIC_NOT_FOUND', undefined],
    ]);
    expect(broker.services.topics.get('missing')).toBeUndefined();
    expect(broker.services.topics.get('events')!.partitions[0]!.logEndOffset).toBe(11);
  });
});

describe('admin API: decoded values', () => {
  it('shows the schema id and decoded value when the decoder knows the value, else the value as stored', async () => {
    const { broker } = await browseSetup();
    // A fake registry: magic byte 0, a 4-byte schema id, then JSON; id 13 is unknown (throws).
    const decoder: ValueDecoder = {
      decode: (value) => {
        if (value[0] !== 0 || value.length < 5) return Promise.resolve(undefined);
        const schemaId = value.readInt32BE(1);
        if (schemaId === 13) return Promise.reject(new Error('schema 13 not found'));
        const decoded = { ...(JSON.parse(value.subarray(5).toString()) as object), big: 2n };
        return Promise.resolve({ schemaId, schemaType: 'AVRO' as const, value: decoded });
      },
    };
    const app = buildAdminApp(broker.services, { console: false, valueDecoder: decoder });
    apps.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const address = app.server.address() as { port: number };
    const framed = (id: number, body: string) => {
      const header = Buffer.alloc(5);
      header.writeInt32BE(id, 1);
      return Buffer.concat([header, Buffer.from(body)]);
    };
    const topic = broker.services.topics.get('events')!;
    const { encodeRecordBatch } = await import('../../protocol/record-batch.js');
    await topic.partitions[0]!.append(
      encodeRecordBatch([{ value: framed(7, '{"name":"ada"}') }, { value: framed(13, '{}') }]),
      true,
    );
    const res = await http(`http://127.0.0.1:${address.port}`)(
      'GET',
      '/api/topics/events/messages?partition=0&limit=3',
    );
    const [unknown, decoded, plain] = res.body.messages; // newest first
    expect(decoded).toMatchObject({
      offset: 10,
      schemaId: 7,
      schemaType: 'AVRO',
      decodedValue: { name: 'ada', big: '2' },
    });
    expect(decoded.value.encoding).toBe('base64');
    expect(unknown.offset).toBe(11);
    expect(unknown).not.toHaveProperty('schemaId');
    expect(plain).not.toHaveProperty('decodedValue');
    expect(JSON.parse(plain.value.data)).toEqual({ n: 27 });
  });
});

describe('admin API: lag history', () => {
  it('keeps a bounded ring of samples per group on the broker', async () => {
    const { call, broker } = await browseSetup({ lagHistoryIntervalMs: 10, lagHistorySamples: 4 });
    broker.services.coordinators.forGroup('billing').commitOffsets({
      groupId: 'billing',
      generationId: -1,
      memberId: '',
      topics: [{ name: 'events', partitions: [{ partition: 0, offset: 4 }] }],
    });
    const samples = await pollUntil(async () => {
      const res = await call('GET', '/api/groups/billing/lag-history');
      return res.status === 200 && res.body.samples.length === 4 && res.body.samples;
    });
    expect(samples.every((s: { lag: number }) => s.lag === 6)).toBe(true);
    const times = samples.map((s: { at: string }) => Date.parse(s.at));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect((await call('GET', '/api/groups/billing/lag-history')).body.intervalMs).toBe(10);
    expect((await call('GET', '/api/groups/nobody/lag-history')).body.error.code).toBe('GROUP_NOT_FOUND');
  });
});
