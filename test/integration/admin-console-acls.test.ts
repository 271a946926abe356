// The console's ACL page in headless Chromium (Debian's chromium driven by playwright-core): list,
// add, filter and remove (after confirming) ACLs; "not enforced" without users; with users, the
// browser signs in with HTTP Basic, a super user manages ACLs and a user who may only describe
// the cluster sees the API's 403 in the page.
import { mkdirSync } from 'node:fs';
import { type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from '../../protocol/acl.js';
import type { Broker } from '../../server/broker.js';
import { useBrokerFixtures } from '../helpers/broker.js';
import { browserTestsRun, useChromium } from '../helpers/headless-chromium.js';

const runBrowserTests = browserTestsRun('admin-console-acls');

const fixtures = useBrokerFixtures();
const team = [
  { username: 'alice', password: 'wonderland' },
  { username: 'bob', password: 'builder' },
];
const ANY = { resourceType: 1, patternType: 1, operation: 1, permissionType: 1 };

/** The broker's ACLs in the API's words, sorted, to compare with what the page did. */
function storedAcls(broker: Broker): string[] {
  const name = (table: Record<string, number>, value: number) => Object.keys(table).find((k) => table[k] === value);
  return broker.services.authorizer
    .list(ANY)
    .map(
      (b) =>
        `${name(AclPermissionTypes, b.permissionType)} ${b.principal} ${name(AclOperationTypes, b.operation)} ` +
        `${name(AclResourceTypes, b.resourceType)} ${name(ResourcePatternTypes, b.patternType)} ${b.resourceName} ${b.host}`,
    )
    .sort();
}

describe.runIf(runBrowserTests)('console ACL page in headless Chromium', () => {
  const chromium = useChromium();

  async function openAclPage(
    broker: Broker,
    credentials?: { username: string; password: string },
  ): Promise<{ page: Page; errors: string[] }> {
    const context = await chromium.browser().newContext({
      viewport: { width: 1400, height: 1000 },
      ...(credentials ? { httpCredentials: credentials } : {}),
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`${broker.adminUrl}/`);
    await page.click('[data-testid="nav-acls"]');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe('#/acls');
    return { page, errors };
  }

  const testId = (id: string) => `[data-testid="${id}"]`;
  const rows = (page: Page) => page.locator(testId('acl-row')).allTextContents();

  async function addAcl(
    page: Page,
    acl: { principal: string; resourceType: string; patternType?: string; resourceName?: string; operation: string },
    permissionType = 'ALLOW',
  ): Promise<void> {
    await page.fill(testId('acl-principal'), acl.principal);
    await page.selectOption(testId('acl-resourceType'), acl.resourceType);
    await page.selectOption(testId('acl-patternType'), acl.patternType ?? 'LITERAL');
    if (acl.resourceName) await page.fill(testId('acl-resourceName'), acl.resourceName);
    await page.selectOption(testId('acl-operation'), acl.operation);
    await page.selectOption(testId('acl-permissionType'), permissionType);
    await page.click(testId('acl-add-submit'));
  }

  it('without users: says ACLs are not enforced; adds, lists, filters and removes ACLs', async () => {
    const broker = await fixtures.broker({ httpPort: 0 });
    const { page, errors } = await openAclPage(broker);
    await expect.poll(() => page.locator(testId('acl-enforced')).textContent()).toContain('ACLs are not enforced');
    expect(await page.locator(testId('acl-empty')).textContent()).toBe('No ACLs yet.');

    await addAcl(page, {
      principal: 'User:bob',
      resourceType: 'TOPIC',
      patternType: 'PREFIXED',
      resourceName: 'orders.',
      operation: 'READ',
    });
    await expect.poll(() => rows(page)).toHaveLength(1);
    await addAcl(page, { principal: 'User:carol', resourceType: 'GROUP', resourceName: 'billing', operation: 'ALL' });
    await addAcl(page, { principal: 'User:*', resourceType: 'CLUSTER', operation: 'DESCRIBE' }, 'DENY');
    await expect.poll(() => rows(page)).toHaveLength(3);
    expect(storedAcls(broker)).toEqual([
      'ALLOW User:bob READ TOPIC PREFIXED orders. *',
      'ALLOW User:carol ALL GROUP LITERAL billing *',
      'DENY User:* DESCRIBE CLUSTER LITERAL kafka-cluster *',
    ]);
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({ path: 'test-results/console-acls.png' });
    // Each column in Kafka's words.
    const bobRow = page.locator(testId('acl-row'), { hasText: 'User:bob' });
    expect(await bobRow.locator('td.mono').allTextContents()).toEqual([
      'User:bob',
      '*',
      'TOPIC',
      'PREFIXED',
      'orders.',
      'READ',
      'ALLOW',
    ]);

    await page.fill(testId('acl-filter-principal'), 'carol');
    await expect.poll(() => page.locator(testId('acl-cell-principal')).allTextContents()).toEqual(['User:carol']);
    await page.fill(testId('acl-filter-principal'), '');
    await page.fill(testId('acl-filter-resource'), 'ORDERS');
    await expect.poll(() => page.locator(testId('acl-cell-resourceName')).allTextContents()).toEqual(['orders.']);
    await page.fill(testId('acl-filter-resource'), 'nothing-like-this');
    await expect.poll(() => page.locator(testId('acl-empty')).textContent()).toBe('No ACL matches the filters.');
    await page.fill(testId('acl-filter-resource'), '');
    await expect.poll(() => rows(page)).toHaveLength(3);

    // Remove only after confirming.
    await bobRow.locator(testId('acl-remove')).click();
    await page.click(testId('confirm-cancel'));
    expect(storedAcls(broker)).toHaveLength(3);
    await bobRow.locator(testId('acl-remove')).click();
    await page.click(testId('confirm-ok'));
    await expect.poll(() => storedAcls(broker)).toHaveLength(2);
    expect(storedAcls(broker).some((acl) => acl.includes('User:bob'))).toBe(false);
    await expect.poll(() => rows(page)).toHaveLength(2);

    // The API's refusal shows in the page: the cluster resource is only LITERAL.
    await page.selectOption(testId('acl-resourceType'), 'CLUSTER');
    await page.selectOption(testId('acl-patternType'), 'PREFIXED');
    await page.click(testId('acl-add-submit'));
    await expect.poll(() => page.locator(testId('acl-add-error')).textContent()).toContain('INVALID_REQUEST');
    expect(storedAcls(broker)).toHaveLength(2);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('with users: a super user signed in with HTTP Basic manages ACLs; others see the 403 in the page', async () => {
    const broker = await fixtures.broker({ httpPort: 0, users: team, superUsers: ['alice'], saslFailureDelayMs: 0 });
    const alice = await openAclPage(broker, team[0]);
    await expect.poll(() => alice.page.locator(testId('acl-enforced')).textContent()).toContain('ACLs are enforced');
    // bob may describe the cluster (so list ACLs) but not alter it.
    await addAcl(alice.page, { principal: 'User:bob', resourceType: 'CLUSTER', operation: 'DESCRIBE' });
    await expect.poll(() => rows(alice.page)).toHaveLength(1);
    expect(storedAcls(broker)).toEqual(['ALLOW User:bob DESCRIBE CLUSTER LITERAL kafka-cluster *']);

    const bob = await openAclPage(broker, team[1]);
    await expect.poll(() => rows(bob.page)).toHaveLength(1);
    await addAcl(bob.page, { principal: 'User:bob', resourceType: 'TOPIC', resourceName: 'orders', operation: 'ALL' });
    await expect.poll(() => bob.page.locator(testId('acl-add-error')).textContent()).toContain('NOT_AUTHORIZED');
    await bob.page.locator(testId('acl-remove')).click();
    await bob.page.click(testId('confirm-ok'));
    await expect.poll(() => bob.page.locator(testId('acl-remove-error')).textContent()).toContain('NOT_AUTHORIZED');
    expect(storedAcls(broker)).toHaveLength(1);

    // Once alice removes bob's ACL, bob may no longer list them.
    await alice.page.locator(testId('acl-remove')).click();
    await alice.page.click(testId('confirm-ok'));
    await expect.poll(() => storedAcls(broker)).toEqual([]);
    await expect.poll(() => bob.page.locator(testId('acl-list-error')).textContent()).toContain('NOT_AUTHORIZED');
    expect([...alice.errors, ...bob.errors]).toEqual([]);
    await alice.page.context().close();
    await bob.page.context().close();
  });
});
