// The SDK admin's ACL calls (KafkaJS's shapes and enums) against a broker with users.
import * as kafkajs from 'kafkajs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  Client,
  ErrorCode,
  ResourcePatternTypes,
  type Admin,
} from '../../client-sdk/index.js';
import type { Broker } from '../../server/index.js';
import { startTestBroker } from '../helpers/broker.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function setup(): Promise<{ broker: Broker; admin: (user: string) => Promise<Admin> }> {
  const broker = await startTestBroker({
    users: [
      { username: 'alice', password: 'alice-pw' },
      { username: 'bob', password: 'bob-pw' },
    ],
    superUsers: ['alice'],
    saslFailureDelayMs: 0,
  });
  closers.push(() => broker.close());
  return {
    broker,
    admin: async (user) => {
      const admin = new Client({
        brokers: broker.brokers,
        logLevel: 'nothing',
        retry: { retries: 0 },
        sasl: { mechanism: 'scram-sha-256', username: user, password: `${user}-pw` },
      }).admin();
      await admin.connect();
      closers.push(() => admin.disconnect());
      return admin;
    },
  };
}

const bobMayRead = {
  resourceType: AclResourceTypes.TOPIC,
  resourceName: 'orders-',
  resourcePatternType: ResourcePatternTypes.PREFIXED,
  principal: 'User:bob',
  host: '*',
  operation: AclOperationTypes.READ,
  permissionType: AclPermissionTypes.ALLOW,
};
const everything = {
  resourceType: AclResourceTypes.ANY,
  resourcePatternType: ResourcePatternTypes.ANY,
  operation: AclOperationTypes.ANY,
  permissionType: AclPermissionTypes.ANY,
};

describe('admin ACL calls', () => {
  it("exports KafkaJS's enums with KafkaJS's values", () => {
    expect(AclResourceTypes).toEqual(kafkajs.AclResourceTypes);
    expect(ResourcePatternTypes).toEqual(kafkajs.ResourcePatternTypes);
    expect(AclOperationTypes).toEqual(kafkajs.AclOperationTypes);
    expect(AclPermissionTypes).toEqual(kafkajs.AclPermissionTypes);
  });

  it('creates, describes (grouped by resource) and deletes ACLs', async () => {
    const { admin } = await setup();
    const alice = await admin('alice');
    expect(
      await alice.createAcls({ acl: [bobMayRead, { ...bobMayRead, operation: AclOperationTypes.DESCRIBE }] }),
    ).toBe(true);
    const described = await alice.describeAcls({
      ...everything,
      resourceType: AclResourceTypes.TOPIC,
      resourceName: 'orders-eu',
      resourcePatternType: ResourcePatternTypes.MATCH,
    });
    expect(described.resources).toEqual([
      {
        resourceType: AclResourceTypes.TOPIC,
        resourceName: 'orders-',
        resourcePatternType: ResourcePatternTypes.PREFIXED,
        acls: [
          {
            principal: 'User:bob',
            host: '*',
            operation: AclOperationTypes.READ,
            permissionType: AclPermissionTypes.ALLOW,
          },
          {
            principal: 'User:bob',
            host: '*',
            operation: AclOperationTypes.DESCRIBE,
            permissionType: AclPermissionTypes.ALLOW,
          },
        ],
      },
    ]);
    const deleted = await alice.deleteAcls({ filters: [{ ...everything, principal: 'User:bob' }] });
    expect(deleted.filterResponses[0]!.matchingAcls).toHaveLength(2);
    expect((await alice.describeAcls(everything)).resources).toEqual([]);
  });

  it('refuses a user without cluster rights with CLUSTER_AUTHORIZATION_FAILED', async () => {
    const { admin } = await setup();
    const bob = await admin('bob');
    await expect(bob.createAcls({ acl: [bobMayRead] })).rejects.toMatchObject({
      code: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
      retriable: false,
    });
    await expect(bob.describeAcls(everything)).rejects.toMatchObject({ code: ErrorCode.CLUSTER_AUTHORIZATION_FAILED });
  });

  it('checks the enum values before sending', async () => {
    const { admin } = await setup();
    const alice = await admin('alice');
    await expect(alice.createAcls({ acl: [{ ...bobMayRead, operation: 99 }] })).rejects.toThrow(
      /operation must be one of/,
    );
  });

  it('a consumer group runs with least privilege: READ on its topic and its group', async () => {
    const { broker, admin } = await setup();
    const alice = await admin('alice');
    await alice.createTopics({ topics: [{ topic: 'orders', numPartitions: 2 }] });
    const allow = (resourceType: number, resourceName: string) => ({
      ...bobMayRead,
      resourceType,
      resourceName,
      resourcePatternType: ResourcePatternTypes.LITERAL,
    });
    await alice.createAcls({
      acl: [allow(AclResourceTypes.TOPIC, 'orders'), allow(AclResourceTypes.GROUP, 'billing')],
    });
    const alicesProducer = new Client({
      brokers: broker.brokers,
      logLevel: 'nothing',
      sasl: { mechanism: 'scram-sha-256', username: 'alice', password: 'alice-pw' },
    }).producer();
    await alicesProducer.connect();
    closers.push(() => alicesProducer.disconnect());
    await alicesProducer.send({
      topic: 'orders',
      messages: [
        { key: 'a', value: '1' },
        { key: 'b', value: '2' },
      ],
    });

    const consumer = new Client({
      brokers: broker.brokers,
      logLevel: 'nothing',
      sasl: { mechanism: 'scram-sha-512', username: 'bob', password: 'bob-pw' },
    }).consumer({ groupId: 'billing', maxWaitTimeInMs: 100 });
    await consumer.connect();
    closers.push(() => consumer.disconnect());
    await consumer.subscribe({ topics: ['orders'], fromBeginning: true });
    const seen: string[] = [];
    let done!: () => void;
    const consumedBoth = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(String(message.value));
        if (seen.length === 2) done();
      },
    });
    await consumedBoth;
    expect(seen.sort()).toEqual(['1', '2']);
  });
});
