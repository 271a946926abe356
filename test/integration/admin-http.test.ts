// The admin server over a real port (startBroker({ httpPort: 0 }) → broker.adminUrl): routes,
// /metrics scraped and parsed after produce/consume, and the group-event log lines.
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { metricValue, waitForCommittedLag, waitForStable } from '../helpers/admin.js';
import { setup } from '../helpers/sdk.js';

describe('admin server on a real port', () => {
  it('is off unless httpPort is set', async () => {
    const { broker } = await setup();
    expect(broker.adminUrl).toBeUndefined();
  });

  it('serves the API and the console at broker.adminUrl', async () => {
    const { broker } = await setup({ httpPort: 0 });
    expect(broker.adminUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const health = await fetch(`${broker.adminUrl}/health`);
    expect([health.status, ((await health.json()) as { status: string }).status]).toEqual([200, 'ok']);
    const created = await fetch(`${broker.adminUrl}/api/topics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ topic: 'web', numPartitions: 2 }),
    });
    expect(created.status).toBe(201);
    expect(await (await fetch(`${broker.adminUrl}/api/topics`)).json()).toEqual({
      topics: [{ name: 'web', partitions: 2, messages: 0, sizeBytes: 0 }],
    });
    const missing = await fetch(`${broker.adminUrl}/api/groups/nope`);
    expect([missing.status, await missing.json()]).toEqual([
      404,
      { error: { code: 'GROUP_NOT_FOUND', message: 'no consumer group "nope"' } },
    ]);
    const page = await fetch(`${broker.adminUrl}/`);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<title>minibroker');
    expect((await fetch(`${broker.adminUrl}/console/app.js`)).status).toBe(200);
    expect((await fetch(`${broker.adminUrl}/console/..%2Fadmin-app.ts`)).status).toBe(400);
  });

  it('exposes kafka_exporter and broker metrics that follow produce and consume', async () => {
    const { broker, producer, consumer } = await setup({ httpPort: 0 });
    const p = await producer({ lingerMs: 0 });
    await p.send({ topic: 'metered', messages: ['a', 'b', 'c'].map((value) => ({ value, partition: 0 })) });
    const c = await consumer({ groupId: 'meters' });
    await c.subscribe({ topics: ['metered'], fromBeginning: true });
    await c.run({ autoCommitThreshold: 1, autoCommitInterval: 20, eachMessage: async () => {} });
    await waitForStable(broker, 'meters', 1);
    await waitForCommittedLag(broker, 'meters', 0);
    const scrape = async () => {
      const res = await fetch(`${broker.adminUrl}/metrics`);
      expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      return res.text();
    };
    const part = { topic: 'metered', partition: '0' };
    const group = { consumergroup: 'meters', ...part };
    const live = await scrape();
    expect(metricValue(live, 'kafka_consumergroup_current_offset', group)).toBe(3);
    expect(metricValue(live, 'kafka_consumergroup_lag', group)).toBe(0);
    expect(metricValue(live, 'kafka_consumergroup_members', { consumergroup: 'meters' })).toBe(1);
    expect(metricValue(live, 'minibroker_groups', { state: 'Stable' })).toBe(1);

    await c.disconnect();
    await p.send({ topic: 'metered', messages: [{ value: 'd', partition: 0 }] });
    const text = await scrape();
    expect(metricValue(text, 'kafka_topic_partition_current_offset', part)).toBe(4);
    expect(metricValue(text, 'kafka_topic_partition_oldest_offset', part)).toBe(0);
    expect(metricValue(text, 'kafka_consumergroup_current_offset', group)).toBe(3);
    expect(metricValue(text, 'kafka_consumergroup_lag', group)).toBe(1);
    expect(metricValue(text, 'kafka_consumergroup_lag_sum', { consumergroup: 'meters', topic: 'metered' })).toBe(1);
    expect(metricValue(text, 'kafka_consumergroup_members', { consumergroup: 'meters' })).toBe(0);
    expect(metricValue(text, 'minibroker_groups', { state: 'Empty' })).toBe(1);
    expect(metricValue(text, 'minibroker_requests_total', { api: 'Produce', error_code: '0' })).toBeGreaterThanOrEqual(
      2,
    );
    expect(metricValue(text, 'minibroker_requests_total', { api: 'JoinGroup', error_code: '79' })).toBe(1);
    expect(metricValue(text, 'minibroker_request_duration_seconds_count', { api: 'Produce' })).toBeGreaterThanOrEqual(
      2,
    );
    expect(metricValue(text, 'minibroker_network_received_bytes_total', { api: 'Produce' })).toBeGreaterThan(0);
    expect(metricValue(text, 'minibroker_network_sent_bytes_total', { api: 'Fetch' })).toBeGreaterThan(0);
    expect(metricValue(text, 'minibroker_connections')).toBeGreaterThanOrEqual(1);
    expect(metricValue(text, 'minibroker_group_rebalances_total', { consumergroup: 'meters' })).toBeGreaterThanOrEqual(
      1,
    );
    expect(metricValue(text, 'minibroker_groups', { state: 'Stable' })).toBe(0);
  });

  it('logs every group event at info with groupId, memberId and generationId', async () => {
    const lines: Record<string, unknown>[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const { broker, consumer } = await setup({ logger: pino({ level: 'info' }, sink) });
    const c = await consumer({ groupId: 'logged' });
    await c.subscribe({ topics: ['logged-topic'] });
    await c.run({ eachMessage: async () => {} });
    await waitForStable(broker, 'logged', 1);
    await c.disconnect();
    const events = lines.filter((l) => l.component === 'groups' && l.groupId === 'logged');
    expect(events.map((l) => l.event)).toEqual([
      'member-joined',
      'rebalance-started',
      'rebalance-completed',
      'member-left',
      'rebalance-started',
      'rebalance-completed',
    ]);
    for (const l of events) {
      expect(l).toMatchObject({ level: 30, groupId: 'logged', generationId: expect.any(Number) });
      expect(l).toHaveProperty('memberId');
    }
    expect(events[0]!.memberId).toEqual(expect.any(String));
    expect(events[2]).toMatchObject({ state: 'Stable', durationMs: expect.any(Number), generationId: 1 });
    expect(events[4]!.reason).toMatch(/left/);
  });
});
