// The console in headless Chromium: a schema-decoded value in the message browser, and a group's
// lag chart filled from the broker's history as the page opens.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { encodeRecordBatch } from '../../protocol/record-batch.js';
import { buildAdminApp } from '../../server/admin/index.js';
import type { ValueDecoder } from '../../server/admin/value-decoder.js';
import { pollUntil } from '../helpers/poll-until.js';
import { setup } from '../helpers/sdk.js';
import { browserTestsRun, useChromium } from '../helpers/headless-chromium.js';

const runBrowserTests = browserTestsRun('admin-console-history');

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

describe.runIf(runBrowserTests)('console decoded values and lag history in headless Chromium', () => {
  const chromium = useChromium();

  const openPage = chromium.openPage;

  it('shows the schema id and the decoded value of a registry-encoded record', async () => {
    const { broker, admin } = await setup();
    await (await admin()).createTopics({ topics: [{ topic: 'users', numPartitions: 1 }] });
    const decoder: ValueDecoder = {
      decode: (value) =>
        Promise.resolve(
          value[0] === 0 ? { schemaId: 42, schemaType: 'AVRO' as const, value: { name: 'ada' } } : undefined,
        ),
    };
    const app = buildAdminApp(broker.services, { valueDecoder: decoder });
    apps.push(app);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as { port: number };
    const framed = Buffer.concat([Buffer.from([0, 0, 0, 0, 42]), Buffer.from('binary avro')]);
    await broker.services.topics.get('users')!.partitions[0]!.append(encodeRecordBatch([{ value: framed }]), true);

    const { page, errors } = await openPage(`http://127.0.0.1:${port}/#/topics/users`);
    await expect.poll(() => page.locator('[data-testid="topic-messages"]').textContent()).toBe('1');
    await page.click('[data-testid="browse-submit"]');
    await expect.poll(() => page.locator('[data-testid="schema-id"]').textContent()).toBe('schema id 42 (AVRO)');
    expect(await page.locator('[data-testid="message-value"]').textContent()).toContain('"name": "ada"');
    expect(errors).toEqual([]);
    await page.close();
  });

  it("draws the group's lag from the broker's history as soon as the page opens", async () => {
    const { broker, producer } = await setup({ httpPort: 0, lagHistoryIntervalMs: 10, lagHistorySamples: 50 });
    const p = await producer({ lingerMs: 0 });
    await p.send({ topic: 'audit', messages: ['a', 'b', 'c', 'd'].map((value) => ({ value, partition: 0 })) });
    broker.services.coordinators.forGroup('auditors').commitOffsets({
      groupId: 'auditors',
      generationId: -1,
      memberId: '',
      topics: [{ name: 'audit', partitions: [{ partition: 0, offset: 1 }] }],
    });
    await pollUntil(async () => {
      const res = await fetch(`${broker.adminUrl}/api/groups/auditors/lag-history`);
      return ((await res.json()) as { samples: unknown[] }).samples.length >= 10;
    });
    const { page, errors } = await openPage(`${broker.adminUrl}/#/groups/auditors`);
    await expect.poll(() => page.locator('[data-testid="lag-chart"] polyline').count()).toBe(1);
    // The first render already holds the broker's samples; a page-only history would have one.
    expect(Number(await page.locator('[data-testid="lag-chart"]').getAttribute('data-samples'))).toBeGreaterThan(10);
    expect(await page.locator('[data-testid="total-lag"]').textContent()).toBe('3');
    expect(errors).toEqual([]);
    await page.close();
  });
});
