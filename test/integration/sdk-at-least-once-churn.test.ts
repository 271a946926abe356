// At-least-once under churn, over real sockets: members join and leave a group while it consumes
// a few thousand records with the KafkaJS eachBatch idiom (return on `!isRunning() || isStale()`).
// Every record must be processed at least once. Records arrive in chunks; the group changes
// while handlers are halfway through their batches (driven by progress, not by a clock).
import { afterEach, describe, expect, it } from 'vitest';
import { Assignors, type Assignor, type Consumer, type EachBatchPayload } from '../../client-sdk/index.js';
import { pollUntil } from '../helpers/poll-until.js';
import { groupSetup, produceNumbered, type GroupSetup } from '../helpers/sdk-groups.js';

let sdk: GroupSetup | undefined;
afterEach(async () => {
  await sdk?.close();
  sdk = undefined;
});

const CHUNKS = 8;
const CHUNK = 400;
const TOTAL = CHUNKS * CHUNK;
const PARTITIONS = 4;

async function churn(groupId: string, assignors: Assignor[]): Promise<{ missing: number[]; steps: number }> {
  sdk = await groupSetup();
  await sdk.createTopic(groupId, PARTITIONS);
  const seen = new Set<number>();
  // Each batch pauses halfway until the group has changed (or its batch went stale, or its
  // member stops), so every change lands in the middle of batches. After the last change nothing waits.
  let changes = 0;
  let holding = 0;
  const eachBatch = async ({ batch, resolveOffset, isRunning, isStale }: EachBatchPayload) => {
    const startedAt = changes;
    const half = Math.floor(batch.messages.length / 2);
    for (const [i, message] of batch.messages.entries()) {
      if (!isRunning() || isStale()) return;
      seen.add(Number(message.value!.toString()));
      resolveOffset(message.offset);
      if (i === half && startedAt === changes && changes < CHUNKS) {
        holding++;
        await pollUntil(() => changes > startedAt || !isRunning() || isStale(), 5000).catch(() => undefined);
        holding--;
      }
    }
  };
  const members: Consumer[] = [];
  const join = async () => {
    const member = await sdk!.consumer({
      groupId,
      heartbeatInterval: 20,
      sessionTimeout: 3000,
      partitionAssigners: assignors,
      maxBytesPerPartition: 16 * 1024,
    });
    await member.subscribe({ topics: [groupId], fromBeginning: true });
    members.push(member);
    await member.run({ eachBatch, autoCommitInterval: 50, partitionsConsumedConcurrently: PARTITIONS });
  };
  await join();
  let steps = 0;
  for (let chunk = 0; chunk < CHUNKS; chunk++) {
    await produceNumbered(sdk, groupId, CHUNK, PARTITIONS, chunk * CHUNK);
    const progressed = await pollUntil(() => holding > 0 || seen.size >= (chunk + 1) * CHUNK, 3000).then(
      () => true,
      () => false,
    );
    if (!progressed) break;
    // Alternate: a member joins, the oldest leaves (never fewer than one member).
    if (chunk % 2 === 0 || members.length === 1) await join();
    else await members.shift()!.stop();
    changes++;
    steps++;
  }
  await pollUntil(() => seen.size >= TOTAL, 3000).catch(() => undefined);
  const missing: number[] = [];
  for (let i = 0; i < TOTAL; i++) if (!seen.has(i)) missing.push(i);
  return { missing, steps };
}

describe('at-least-once while members come and go', () => {
  it('eager (range): every record is processed at least once', async () => {
    const { missing, steps } = await churn('churn-eager', [Assignors.range]);
    expect(missing).toEqual([]);
    expect(steps).toBe(CHUNKS);
  });

  it('cooperative-sticky: every record is processed at least once', async () => {
    const { missing, steps } = await churn('churn-coop', [Assignors.cooperativeSticky]);
    expect(missing).toEqual([]);
    expect(steps).toBe(CHUNKS);
  });
});
