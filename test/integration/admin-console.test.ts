// The web console in headless Chromium (Debian's chromium driven by playwright-core): the group
// page shows a live group's members and lag, and changes when a second consumer joins.
import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { waitForCommittedLag, waitForStable } from '../helpers/admin.js';
import { setup } from '../helpers/sdk.js';
import { browserTestsRun, useChromium } from '../helpers/headless-chromium.js';

// CI installs Chromium (.ci/run) and must run this file; a developer's machine without it runs
// the rest of the suite and says why this file did not run.
const runBrowserTests = browserTestsRun('admin-console');

describe.runIf(runBrowserTests)('web console in headless Chromium', () => {
  const chromium = useChromium();

  it('shows a live group with members, assignment and lag, and redraws when a consumer joins', async () => {
    const { broker, producer, consumer, admin } = await setup({ httpPort: 0 });
    await (await admin()).createTopics({ topics: [{ topic: 'orders', numPartitions: 6 }] });
    const p = await producer({ lingerMs: 0 });
    await p.send({
      topic: 'orders',
      messages: Array.from({ length: 12 }, (_, i) => ({ value: `order-${i}`, partition: i % 6 })),
    });
    const first = await consumer({ groupId: 'shipping' });
    await first.subscribe({ topics: ['orders'], fromBeginning: true });
    await first.run({ autoCommitThreshold: 1, autoCommitInterval: 20, eachMessage: async () => {} });
    await waitForStable(broker, 'shipping', 1);
    await waitForCommittedLag(broker, 'shipping', 0);
    // Records nobody reads yet: lag the page must show.
    await p.send({ topic: 'orders', messages: [{ value: 'x', partition: 0 }] });

    const page = await chromium.browser().newPage({ viewport: { width: 1280, height: 1100 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(`${broker.adminUrl}/`);
    await expect.poll(() => page.locator('[data-testid="groups-table"]').textContent()).toContain('shipping');
    expect(await page.locator('[data-testid="topics-table"]').textContent()).toContain('orders');

    await page.goto(`${broker.adminUrl}/#/groups/shipping`);
    await expect.poll(() => page.locator('[data-testid="member-row"]').count()).toBe(1);
    expect(await page.locator('[data-testid="group-state"]').first().textContent()).toBe('Stable');
    await expect.poll(() => page.locator('[data-testid="cell"]').count()).toBe(6);
    const owners = async () =>
      new Set(
        await page
          .locator('[data-testid="cell"]')
          .evaluateAll((cells) => cells.map((c) => c.getAttribute('data-owner'))),
      );
    expect((await owners()).size).toBe(1);
    expect(await page.locator('[data-testid="lag-chart"] svg').count()).toBe(1);
    const lagBefore = Number(await page.locator('[data-testid="total-lag"]').textContent());
    expect(lagBefore).toBeGreaterThanOrEqual(0);

    const second = await consumer({ groupId: 'shipping' });
    await second.subscribe({ topics: ['orders'], fromBeginning: true });
    await second.run({ autoCommitThreshold: 1, autoCommitInterval: 20, eachMessage: async () => {} });
    await waitForStable(broker, 'shipping', 2);
    await expect.poll(() => page.locator('[data-testid="member-row"]').count(), { timeout: 5000 }).toBe(2);
    await expect.poll(async () => (await owners()).size, { timeout: 5000 }).toBe(2);
    await expect.poll(() => page.locator('[data-testid="total-lag"]').textContent(), { timeout: 5000 }).toBe('0');

    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/console-group.png', fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('shows a dry run before resetting offsets, and deletes a group only after confirmation', async () => {
    const { broker, producer } = await setup({ httpPort: 0 });
    const p = await producer({ lingerMs: 0 });
    await p.send({ topic: 'audit', messages: ['a', 'b', 'c'].map((value) => ({ value, partition: 0 })) });
    broker.services.coordinators.forGroup('auditors').commitOffsets({
      groupId: 'auditors',
      generationId: -1,
      memberId: '',
      topics: [{ name: 'audit', partitions: [{ partition: 0, offset: 3 }] }],
    });
    const committed = () =>
      broker.services.coordinators.forGroup('auditors').fetchOffsets({ groupId: 'auditors', topics: null }).topics[0]
        ?.partitions[0]?.offset;

    const page = await chromium.browser().newPage();
    await page.goto(`${broker.adminUrl}/#/groups/auditors`);
    await expect.poll(() => page.locator('[data-testid="group-state"]').first().textContent()).toBe('Empty');
    await page.selectOption('[data-testid="reset-to"]', 'earliest');
    await page.click('[data-testid="reset-dry-run"]');
    await expect.poll(() => page.locator('[data-testid="reset-plan"]').textContent()).toContain('audit');
    expect(committed()).toBe(3);
    await page.click('[data-testid="reset-execute"]');
    await page.click('[data-testid="confirm-ok"]');
    await expect.poll(() => committed()).toBe(0);

    await page.click('[data-testid="delete-group"]');
    await page.click('[data-testid="confirm-cancel"]');
    expect(broker.services.coordinators.forGroup('auditors').groupState('auditors')).toBe('Empty');
    await page.click('[data-testid="delete-group"]');
    await page.click('[data-testid="confirm-ok"]');
    await expect.poll(() => broker.services.coordinators.forGroup('auditors').groupState('auditors')).toBeUndefined();
    await page.close();
  });
});
