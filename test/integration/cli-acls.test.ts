// `minibroker acls add|list|remove` against a broker with users, as the admin user.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Broker } from '../../server/index.js';
import { startTestBroker } from '../helpers/broker.js';
import { spawnCli } from '../helpers/run-cli.js';

const admin = {
  MINIBROKER_SASL_MECHANISM: 'scram-sha-256',
  MINIBROKER_SASL_USERNAME: 'admin',
  MINIBROKER_SASL_PASSWORD: 'admin-pw',
};

describe('minibroker acls', () => {
  let broker: Broker;
  beforeAll(async () => {
    broker = await startTestBroker({
      users: [{ username: 'admin', password: 'admin-pw' }],
      superUsers: ['admin'],
    });
  });
  afterAll(() => broker.close());

  const run = (...args: string[]) => spawnCli(['acls', ...args], { brokers: broker.brokers, env: admin }).exited;

  it('adds, lists and removes ACLs', async () => {
    const added = await run(
      'add',
      '--principal',
      'bob',
      '--operation',
      'read',
      '--operation',
      'describe',
      '--topic',
      'orders-',
      '--prefixed',
    );
    expect(added).toMatchObject({ code: 0, stdout: 'Added 2 ACLs.\n' });

    const listed = await run('list', '--principal', 'User:bob', '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        resource: 'TOPIC',
        name: 'orders-',
        pattern: 'PREFIXED',
        principal: 'User:bob',
        host: '*',
        operation: 'READ',
        permission: 'ALLOW',
      },
      {
        resource: 'TOPIC',
        name: 'orders-',
        pattern: 'PREFIXED',
        principal: 'User:bob',
        host: '*',
        operation: 'DESCRIBE',
        permission: 'ALLOW',
      },
    ]);

    const removed = await run('remove', '--topic', 'orders-', '--prefixed', '--operation', 'read');
    expect(removed).toMatchObject({ code: 0, stdout: 'Removed 1 ACL.\n' });
    expect(
      broker.services.authorizer.list({ resourceType: 1, patternType: 1, operation: 1, permissionType: 1 }),
    ).toHaveLength(1);
  });
});
