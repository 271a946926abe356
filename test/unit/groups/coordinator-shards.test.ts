import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../protocol/errors.js';
import {
  CoordinatorShards,
  javaStringHashCode,
  kafkaAbs,
  shardForGroup,
} from '../../../server/groups/coordinator-shards.js';
import { ManualClock } from '../../helpers/manual-clock.js';
import { joinParams, memoryStore } from './harness.js';

describe('coordinator shards', () => {
  it('hashes like Java String.hashCode', () => {
    expect(javaStringHashCode('')).toBe(0);
    expect(javaStringHashCode('a')).toBe(97);
    expect(javaStringHashCode('hello')).toBe(99162322);
    expect(javaStringHashCode('Aa')).toBe(javaStringHashCode('BB')); // the classic collision
    expect(javaStringHashCode('😀')).toBe(31 * 0xd83d + 0xde00); // two UTF-16 code units
  });

  it('maps Integer.MIN_VALUE to 0 as Kafka\'s Utils.abs: "polygenelubricants" lands on shard 0', () => {
    expect(javaStringHashCode('polygenelubricants')).toBe(-2147483648);
    expect(kafkaAbs(-2147483648)).toBe(0);
    expect(shardForGroup('polygenelubricants', 50)).toBe(0);
    expect(shardForGroup('polygenelubricants', 7)).toBe(0);
  });

  it('negative hashes use the absolute value', () => {
    const h = javaStringHashCode('my-consumer-group');
    expect(shardForGroup('my-consumer-group', 50)).toBe(Math.abs(h) % 50);
    expect(shardForGroup('my-consumer-group', 1)).toBe(0);
  });

  it('routes a group to its shard; a shard not active here answers NOT_COORDINATOR', async () => {
    const shards = new CoordinatorShards({ offsets: memoryStore(), clock: new ManualClock(), shardCount: 4 });
    const group = 'orders';
    const shard = shards.shardFor(group);
    expect(shards.forGroup(group)).toBe(shards.shard(shard));
    expect(shards.findCoordinator(group)).toEqual({ errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, shard });
    expect((await shards.forGroup(group).join(joinParams({ groupId: group }))).errorCode).toBe(
      ErrorCode.NOT_COORDINATOR,
    );
    expect(shards.forGroup(group).heartbeat({ groupId: group, generationId: 1, memberId: 'm' }).errorCode).toBe(
      ErrorCode.NOT_COORDINATOR,
    );
    expect(shards.forGroup(group).fetchOffsets({ groupId: group, topics: null }).errorCode).toBe(
      ErrorCode.NOT_COORDINATOR,
    );
    shards.activateAll();
    expect(shards.isActive(shard)).toBe(true);
    expect(shards.findCoordinator(group)).toEqual({ errorCode: 0, shard });
    expect((await shards.forGroup(group).join(joinParams({ groupId: group }))).errorCode).toBe(
      ErrorCode.MEMBER_ID_REQUIRED,
    );
  });

  it('giving a shard up answers parked joins with NOT_COORDINATOR; taking it back reloads groups with offsets', async () => {
    const clock = new ManualClock();
    const store = memoryStore();
    const shards = new CoordinatorShards({
      offsets: store,
      clock,
      shardCount: 3,
      config: { groupInitialRebalanceDelayMs: 1000 },
    });
    shards.activateAll();
    const group = 'payments';
    const coordinator = shards.forGroup(group);
    coordinator.commitOffsets({
      groupId: 'payments',
      generationId: -1,
      memberId: '',
      topics: [{ name: 't', partitions: [{ partition: 0, offset: 9 }] }],
    });
    const parked = coordinator.join(joinParams({ groupId: group, groupInstanceId: 'static-1' }));
    shards.deactivate(shards.shardFor(group));
    expect((await parked).errorCode).toBe(ErrorCode.NOT_COORDINATOR);
    expect(shards.listGroups().groups.map((g) => g.groupId)).not.toContain(group);
    shards.activate(shards.shardFor(group));
    expect(shards.listGroups().groups).toContainEqual({ groupId: group, protocolType: '', state: 'Empty' });
    expect(
      coordinator.fetchOffsets({ groupId: group, topics: [{ name: 't', partitions: [0] }] }).topics[0]!.partitions[0]!
        .offset,
    ).toBe(9);
    shards.close();
    expect((await coordinator.join(joinParams({ groupId: group }))).errorCode).toBe(
      ErrorCode.COORDINATOR_NOT_AVAILABLE,
    );
  });

  it('rejects a bad shard count', () => {
    expect(() => new CoordinatorShards({ offsets: memoryStore(), shardCount: 0 })).toThrow(/shardCount/);
  });
});
