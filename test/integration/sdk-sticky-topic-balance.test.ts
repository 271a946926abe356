// Sticky assignors over real sockets keep each topic spread over the group: a member alone on two
// 12-partition topics holds all 24; when a second member joins, each ends up with 6 of each
// topic (not one topic each, which would put a busy topic on one member).
import { afterEach, describe, expect, it } from 'vitest';
import { Assignors, type Assignor, type Consumer } from '../../client-sdk/index.js';
import { pollUntil } from '../helpers/poll-until.js';
import { groupSetup, ownedBy, type GroupSetup } from '../helpers/sdk-groups.js';

let sdk: GroupSetup | undefined;
afterEach(async () => {
  await sdk?.close();
  sdk = undefined;
});

const TOPICS = ['orders', 'payments'];
const PARTITIONS = 12;

async function member(groupId: string, assignor: Assignor): Promise<Consumer> {
  const consumer = await sdk!.consumer({
    groupId,
    sessionTimeout: 3000,
    heartbeatInterval: 20,
    partitionAssigners: [assignor],
  });
  await consumer.subscribe({ topics: TOPICS, fromBeginning: true });
  await consumer.run({ eachMessage: async () => {} });
  return consumer;
}

/** Partitions of each topic the consumer holds, in TOPICS order. */
const perTopic = (consumer: Consumer) =>
  TOPICS.map((topic) => consumer.assignment().filter((tp) => tp.topic === topic).length);

describe('SDK group consumer: sticky assignors balance each topic', () => {
  it.each([
    ['cooperative-sticky', Assignors.cooperativeSticky],
    ['sticky', Assignors.sticky],
  ])(
    '%s: a second member joining a member that holds 2 x 12 partitions leaves each with 6 of each topic',
    async (_name, assignor) => {
      sdk = await groupSetup();
      for (const topic of TOPICS) await sdk.createTopic(topic, PARTITIONS);
      const groupId = `g-topic-balance-${assignor.name}`;
      const first = await member(groupId, assignor);
      await pollUntil(() => first.assignment().length === 2 * PARTITIONS);
      const before = new Set(ownedBy([first]));

      const second = await member(groupId, assignor);
      await pollUntil(() => {
        const all = ownedBy([first, second]);
        return (
          first.assignment().length === PARTITIONS &&
          second.assignment().length === PARTITIONS &&
          new Set(all).size === all.length
        );
      }, 10_000);

      expect(perTopic(first)).toEqual([6, 6]);
      expect(perTopic(second)).toEqual([6, 6]);
      expect(ownedBy([first, second]).every((tp) => before.has(tp))).toBe(true);
    },
  );
});
