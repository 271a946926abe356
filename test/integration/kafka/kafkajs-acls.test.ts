// KafkaJS's admin ACL calls over the Kafka protocol, sharing state with our SDK's: createAcls,
// describeAcls (Kafka's answer grouped by resource), deleteAcls with the bindings it matched.
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Kafka,
  logLevel,
  ResourcePatternTypes,
} from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '../../../client-sdk/index.js';
import { useBrokerFixtures } from '../../helpers/broker.js';

const fixtures = useBrokerFixtures();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('KafkaJS ACL admin calls', () => {
  it('creates, describes and deletes ACLs; our SDK sees the same ones', async () => {
    const broker = await fixtures.broker();
    const admin = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } }).admin();
    await admin.connect();
    closers.push(() => admin.disconnect());
    const acl = {
      resourceType: AclResourceTypes.TOPIC,
      resourceName: 'orders-',
      resourcePatternType: ResourcePatternTypes.PREFIXED,
      principal: 'User:bob',
      host: '*',
      operation: AclOperationTypes.READ,
      permissionType: AclPermissionTypes.ALLOW,
    };
    await admin.createAcls({
      acl: [acl, { ...acl, resourceName: 'payments', resourcePatternType: ResourcePatternTypes.LITERAL }],
    });

    const described = await admin.describeAcls({
      resourceType: AclResourceTypes.TOPIC,
      resourcePatternType: ResourcePatternTypes.ANY,
      principal: 'User:bob',
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    expect(described.resources.map((r) => [r.resourceName, r.resourcePatternType, r.acls.length]).sort()).toEqual([
      ['orders-', ResourcePatternTypes.PREFIXED, 1],
      ['payments', ResourcePatternTypes.LITERAL, 1],
    ]);

    const sdkAdmin = new Client({ brokers: broker.brokers }).admin();
    await sdkAdmin.connect();
    closers.push(() => sdkAdmin.disconnect());
    const seenBySdk = await sdkAdmin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    expect(seenBySdk.resources.map((r) => r.resourceName).sort()).toEqual(['orders-', 'payments']);

    const deleted = await admin.deleteAcls({
      filters: [
        {
          resourceType: AclResourceTypes.TOPIC,
          resourceName: 'payments',
          resourcePatternType: ResourcePatternTypes.LITERAL,
          principal: 'User:bob',
          host: '*',
          operation: AclOperationTypes.ANY,
          permissionType: AclPermissionTypes.ANY,
        },
      ],
    });
    expect(deleted.filterResponses[0]!.matchingAcls.map((m) => m.resourceName)).toEqual(['payments']);
    const left = await admin.describeAcls({
      resourceType: AclResourceTypes.ANY,
      resourcePatternType: ResourcePatternTypes.ANY,
      operation: AclOperationTypes.ANY,
      permissionType: AclPermissionTypes.ANY,
    });
    expect(left.resources.map((r) => r.resourceName)).toEqual(['orders-']);
  });
});
