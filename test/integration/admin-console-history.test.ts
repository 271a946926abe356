// The console in headless Chromium: a schema-decoded value in the message browser, and a group's
// lag chart filled from the broker's history as the page opens.
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { encodeRecordBatch } from '../../protocol/record-batch.js';
import { buildAdminApp } from '../../server/admin/index.js';
import type { ValueDecoder } from '../../server/admin/value-decoder.js';
import { pollUntil } from '../helpers/poll-until.js';
import { setup } from '../helpers/sdk.js';

const CHROMIUM = '/usr/bin/chromium';
const runBrowserTests = existsSync(CHROMIUM) || Boolean(process.env.CI);
if (!runBrowserTests) console.warn(`admin-console-history tests not run: ${CHROMIUM} is missing`);

const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

describe.runIf(runBrowserTests)('console decoded values and lag history in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(url);
    return { page, errors };
  }

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
