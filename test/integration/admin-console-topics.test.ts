// The console's topic pages in headless Chromium (Debian's chromium driven by playwright-core):
// create a topic, browse (newest, from an offset, filtered, paged), produce a record from the
// page, and delete a topic only after confirming.
import { mkdirSync } from 'node:fs';
import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { setup } from '../helpers/sdk.js';
import { browserTestsRun, useChromium } from '../helpers/headless-chromium.js';

const runBrowserTests = browserTestsRun('admin-console-topics');

describe.runIf(runBrowserTests)('console topic pages in headless Chromium', () => {
  const chromium = useChromium();

  const openPage = chromium.openPage;

  const texts = (page: Page, testId: string) => page.locator(`[data-testid="${testId}"]`).allTextContents();

  it('creates a topic, browses, filters and pages its records, and produces one from the page', async () => {
    const { broker, producer } = await setup({ httpPort: 0 });
    const { page, errors } = await openPage(`${broker.adminUrl}/`);
    await page.fill('[data-testid="create-topic-name"]', 'orders');
    await page.fill('[data-testid="create-topic-partitions"]', '3');
    await page.click('[data-testid="create-topic-submit"]');
    await expect.poll(() => page.locator('[data-testid="topics-table"]').textContent()).toContain('orders');
    expect(broker.services.topics.get('orders')?.partitions).toHaveLength(3);

    const p = await producer({ lingerMs: 0 });
    await p.send({
      topic: 'orders',
      messages: Array.from({ length: 45 }, (_, i) => ({
        key: `customer-${i % 4}`,
        value: JSON.stringify({ order: i, items: [i] }),
        partition: i % 3,
        timestamp: String(Date.UTC(2026, 0, 1) + i),
      })),
    });

    await page.click('[data-testid="topic-link"]');
    await expect.poll(() => page.locator('[data-testid="topic-partitions-table"] tr').count()).toBe(4);
    expect(await page.locator('[data-testid="topic-messages"]').textContent()).toBe('45');

    // Newest first over all partitions, 20 a page, then the next page.
    await page.click('[data-testid="browse-submit"]');
    await expect.poll(() => page.locator('[data-testid="message-row"]').count()).toBe(20);
    const firstValue = await page.locator('[data-testid="message-value"]').first().textContent();
    expect(JSON.parse(firstValue!)).toEqual({ order: 44, items: [44] });
    expect(firstValue).toContain('\n  "order": 44'); // pretty-printed
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/console-topic.png' });
    await page.click('[data-testid="browse-next"]');
    await expect.poll(() => page.locator('[data-testid="browse-summary"]').textContent()).toContain('Page 2');
    expect(JSON.parse((await page.locator('[data-testid="message-value"]').first().textContent())!)).toMatchObject({
      order: 24,
    });
    await page.click('[data-testid="browse-next"]');
    await expect.poll(() => page.locator('[data-testid="message-row"]').count()).toBe(5);
    expect(await page.locator('[data-testid="browse-next"]').count()).toBe(0);

    // Filtered by key, and from an offset of one partition.
    await page.fill('[data-testid="browse-key"]', 'customer-1');
    await page.click('[data-testid="browse-submit"]');
    await expect.poll(async () => new Set(await texts(page, 'message-key'))).toEqual(new Set(['customer-1']));
    expect(await page.locator('[data-testid="message-row"]').count()).toBe(11);
    await page.fill('[data-testid="browse-key"]', '');
    await page.selectOption('[data-testid="browse-partition"]', '1');
    await page.selectOption('[data-testid="browse-from"]', 'offset');
    await page.fill('[data-testid="browse-at"]', '12');
    await page.click('[data-testid="browse-submit"]');
    await expect.poll(() => texts(page, 'message-offset')).toEqual(['12', '13', '14']);

    // Produce a record to partition 2, then find it.
    await page.selectOption('[data-testid="produce-partition"]', '2');
    await page.fill('[data-testid="produce-key"]', 'customer-9');
    await page.fill('[data-testid="produce-value"]', '{"order":99}');
    await page.fill('[data-testid="produce-headers"]', 'source: console\ntrace: abc');
    await page.click('[data-testid="produce-submit"]');
    await expect.poll(() => page.locator('[data-testid="produce-result"]').textContent()).toContain('offset 15');
    const stored = broker.services.topics.get('orders')!.partitions[2]!;
    expect(stored.logEndOffset).toBe(16);
    await page.selectOption('[data-testid="browse-partition"]', '2');
    await page.selectOption('[data-testid="browse-from"]', 'newest');
    await page.selectOption('[data-testid="browse-limit"]', '50');
    await page.click('[data-testid="browse-submit"]');
    await expect.poll(() => page.locator('[data-testid="message-key"]').first().textContent()).toBe('customer-9');
    expect(await page.locator('[data-testid="message-row"]').first().textContent()).toContain('source: console');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('deletes a topic only after confirmation', async () => {
    const { broker, admin } = await setup({ httpPort: 0 });
    await (await admin()).createTopics({ topics: [{ topic: 'scratch', numPartitions: 1 }] });
    const { page, errors } = await openPage(`${broker.adminUrl}/#/topics/scratch`);
    await expect.poll(() => page.locator('[data-testid="topic-partition-count"]').textContent()).toBe('1');
    await page.click('[data-testid="delete-topic"]');
    await page.click('[data-testid="confirm-cancel"]');
    expect(broker.services.topics.get('scratch')).toBeDefined();
    await page.click('[data-testid="delete-topic"]');
    await page.click('[data-testid="confirm-ok"]');
    await expect.poll(() => broker.services.topics.get('scratch')).toBeUndefined();
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/');
    expect(errors).toEqual([]);
    await page.close();
  });
});
