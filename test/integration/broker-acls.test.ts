// ACL decisions over a real socket: alice is a super user, bob gets what the ACLs give him, and
// each API answers a refusal with Kafka's code (29 topic, 30 group, 31 cluster).
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AclOperationTypes as Op,
  AclPermissionTypes as Permission,
  AclResourceTypes as Resource,
  ResourcePatternTypes as Pattern,
} from '../../protocol/acl.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { AclBinding } from '../../protocol/messages.js';
import type { Broker } from '../../server/index.js';
import { useBrokerFixtures, type RawClient } from '../helpers/broker.js';
import { wellFormedBatch } from '../helpers/raw-batch.js';
import { authenticatePlain } from '../helpers/sasl.js';

const fixtures = useBrokerFixtures();
const users = [
  { username: 'alice', password: 'alice-pw' },
  { username: 'bob', password: 'bob-pw' },
];

const acl = (over: Partial<AclBinding>): AclBinding => ({
  resourceType: Resource.TOPIC,
  resourceName: 'orders',
  patternType: Pattern.LITERAL,
  principal: 'User:bob',
  host: '*',
  operation: Op.WRITE,
  permissionType: Permission.ALLOW,
  ...over,
});

let broker: Broker;
let alice: RawClient;
let bob: RawClient;

async function login(username: string, password: string): Promise<RawClient> {
  const client = await fixtures.client(broker);
  await authenticatePlain(client, username, password);
  return client;
}

async function grant(...bindings: AclBinding[]): Promise<void> {
  const response = await alice.request('CreateAcls', { creations: bindings });
  expect(response.results.map((r) => r.errorCode)).toEqual(bindings.map(() => 0));
}

const produce = (client: RawClient, topic: string) =>
  client
    .request('Produce', {
      acks: 1,
      timeoutMs: 1000,
      topics: [{ name: topic, partitions: [{ partition: 0, records: wellFormedBatch() }] }],
    })
    .then((r) => r.topics[0]!.partitions[0]!.errorCode);

beforeEach(async () => {
  broker = await fixtures.broker({ users, superUsers: ['alice'], saslFailureDelayMs: 0 });
  alice = await login('alice', 'alice-pw');
  bob = await login('bob', 'bob-pw');
  const created = await alice.request('CreateTopics', {
    topics: ['orders', 'orders-eu', 'orders-secret', 'payments'].map((name) => ({ name, numPartitions: 1 })),
  });
  expect(created.topics.every((t) => t.errorCode === 0)).toBe(true);
});

describe('ACLs on the native protocol', () => {
  it('lets a super user do anything and refuses an ACL-less user (produce: 29)', async () => {
    expect(await produce(alice, 'payments')).toBe(0);
    expect(await produce(bob, 'payments')).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  });

  it('produce: allowed by a literal ALLOW, per topic', async () => {
    await grant(acl({}));
    expect(await produce(bob, 'orders')).toBe(0);
    expect(await produce(bob, 'orders-eu')).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  });

  it('produce: a prefixed ALLOW covers the prefix, and a DENY wins over it', async () => {
    await grant(
      acl({ patternType: Pattern.PREFIXED, resourceName: 'orders', operation: Op.ALL }),
      acl({ resourceName: 'orders-secret', permissionType: Permission.DENY }),
    );
    expect(await produce(bob, 'orders-eu')).toBe(0);
    expect(await produce(bob, 'orders-secret')).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  });

  it('produce: auto-creation needs CREATE', async () => {
    await grant(acl({ resourceName: 'new-topic' }));
    expect(await produce(bob, 'new-topic')).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    await grant(acl({ resourceName: 'new-topic', operation: Op.CREATE }));
    expect(await produce(bob, 'new-topic')).toBe(0);
  });

  it('fetch needs READ on the topic (29)', async () => {
    const fetch = () =>
      bob
        .request('Fetch', {
          maxWaitMs: 0,
          maxBytes: 1 << 20,
          topics: [{ name: 'orders', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20 }] }],
        })
        .then((r) => r.topics[0]!.partitions[0]!.errorCode);
    expect(await fetch()).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    await grant(acl({ operation: Op.READ }));
    expect(await fetch()).toBe(0);
  });

  it('group join and commit need READ on the group (30), commit READ on the topic (29)', async () => {
    const join = () =>
      bob
        .request('JoinGroup', {
          groupId: 'billing',
          sessionTimeoutMs: 10_000,
          rebalanceTimeoutMs: 10_000,
          protocolType: 'consumer',
          protocols: [{ name: 'range', metadata: new Uint8Array(0) }],
        })
        .then((r) => r.errorCode);
    const commit = () =>
      bob
        .request('OffsetCommit', {
          groupId: 'billing',
          generationId: -1,
          topics: [{ name: 'orders', partitions: [{ partition: 0, committedOffset: 0 }] }],
        })
        .then((r) => r.topics[0]!.partitions[0]!.errorCode);
    expect(await join()).toBe(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    expect(await commit()).toBe(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    await grant(acl({ resourceType: Resource.GROUP, resourceName: 'billing', operation: Op.READ }));
    expect(await commit()).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    await grant(acl({ operation: Op.READ }));
    expect(await commit()).toBe(0);
    expect(await join()).toBe(ErrorCode.MEMBER_ID_REQUIRED);
  });

  it('topic create and delete need CREATE (topic or cluster) and DELETE', async () => {
    const create = (name: string) =>
      bob.request('CreateTopics', { topics: [{ name, numPartitions: 1 }] }).then((r) => r.topics[0]!.errorCode);
    const remove = (name: string) =>
      bob.request('DeleteTopics', { topics: [name] }).then((r) => r.topics[0]!.errorCode);
    expect(await create('bobs')).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    await grant(acl({ resourceName: 'bobs', operation: Op.CREATE }));
    expect(await create('bobs')).toBe(0);
    expect(await remove('bobs')).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    await grant(acl({ resourceName: 'bobs', operation: Op.DELETE }));
    expect(await remove('bobs')).toBe(0);
    await grant(acl({ resourceType: Resource.CLUSTER, resourceName: 'kafka-cluster', operation: Op.CREATE }));
    expect(await create('anything')).toBe(0);
  });

  it('admin calls need the cluster: ACL management (31), group listing', async () => {
    const createAcl = await bob.request('CreateAcls', {
      creations: [acl({ principal: 'User:bob', operation: Op.ALL })],
    });
    expect(createAcl.results[0]!.errorCode).toBe(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
    const listAcls = await bob.request('DescribeAcls', {
      filter: { resourceType: 1, patternType: 1, operation: 1, permissionType: 1 },
    });
    expect(listAcls.errorCode).toBe(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
    expect((await bob.request('ListGroups', {})).errorCode).toBe(ErrorCode.CLUSTER_AUTHORIZATION_FAILED);
    expect((await alice.request('ListGroups', {})).errorCode).toBe(0);
  });

  it('Metadata lists only the topics the principal may describe', async () => {
    await grant(acl({ patternType: Pattern.PREFIXED, resourceName: 'orders-' }));
    const all = await bob.request('Metadata', { allTopics: true });
    expect(all.topics.map((t) => t.name).sort()).toEqual(['orders-eu', 'orders-secret']);
    const named = await bob.request('Metadata', { topics: ['payments', 'orders-eu'] });
    expect(named.topics.map((t) => [t.name, t.errorCode])).toEqual([
      ['payments', ErrorCode.TOPIC_AUTHORIZATION_FAILED],
      ['orders-eu', 0],
    ]);
  });

  it('validates each new ACL alone, and DeleteAcls says what it removed', async () => {
    const response = await alice.request('CreateAcls', { creations: [acl({}), acl({ principal: 'bob' })] });
    expect(response.results.map((r) => r.errorCode)).toEqual([0, ErrorCode.INVALID_REQUEST]);
    const deleted = await alice.request('DeleteAcls', {
      filters: [
        {
          resourceType: Resource.TOPIC,
          resourceName: 'orders',
          patternType: Pattern.MATCH,
          operation: Op.ANY,
          permissionType: Permission.ANY,
        },
      ],
    });
    expect(deleted.filterResults[0]!.matchingAcls).toEqual([acl({})]);
    expect(await produce(bob, 'orders')).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
  });
});
