// At-least-once over real sockets: a handler processes half of a batch, then something makes it
// stop early (stop, disconnect, an eager or a cooperative revoke, seek, pause) and it returns on
// `!isRunning() || isStale()` as the KafkaJS idiom says. What gets committed must be exactly what
// was processed, and whoever reads the partition next must get every record not processed yet.
import { afterEach, describe, expect, it } from 'vitest';
import {
  Assignors,
  type Assignor,
  type Consumer,
  type EachBatchPayload,
  type EachMessagePayload,
} from '../../client-sdk/index.js';
import { pollUntil } from '../helpers/poll-until.js';
import { groupSetup, type GroupSetup } from '../helpers/sdk-groups.js';

let sdk: GroupSetup | undefined;
afterEach(async () => {
  await sdk?.close();
  sdk = undefined;
});

const RECORDS = 10;
const HALF = 5;
const fast = { heartbeatInterval: 20, sessionTimeout: 3000 };

/** Committed offset per partition ("next to read"; -1 when none). */
async function committed(groupId: string, topic: string): Promise<number[]> {
  const offsets = await (await sdk!.admin()).fetchOffsets({ groupId, topics: [topic] });
  return offsets[0]!.partitions.sort((a, b) => a.partition - b.partition).map((p) => Number(p.offset));
}

/** What each handler saw, as "partition:offset". */
class Processed {
  readonly seen = new Set<string>();
  readonly halfway = new Set<number>();
  add(partition: number, offset: string): void {
    this.seen.add(`${partition}:${offset}`);
  }
  missing(partitions: number, records = RECORDS): string[] {
    const out: string[] = [];
    for (let p = 0; p < partitions; p++)
      for (let o = 0; o < records; o++) if (!this.seen.has(`${p}:${o}`)) out.push(`${p}:${o}`);
    return out;
  }
}

/**
 * The KafkaJS idiom: stop on `!isRunning() || isStale()`, resolve each processed record. After
 * HALF records `interrupt()` runs once per partition and the handler waits until `resumeWhen()`
 * (or it is stopped / its batch went stale), then goes on.
 */
function halfwayBatchHandler(
  processed: Processed,
  interrupt: (payload: EachBatchPayload) => void,
  resumeWhen: () => boolean = () => false,
) {
  return async (payload: EachBatchPayload) => {
    const { batch, resolveOffset, isRunning, isStale } = payload;
    for (const message of batch.messages) {
      if (!isRunning() || isStale()) return;
      processed.add(batch.partition, message.offset);
      resolveOffset(message.offset);
      if (Number(message.offset) === HALF - 1 && !processed.halfway.has(batch.partition)) {
        processed.halfway.add(batch.partition);
        interrupt(payload);
        await pollUntil(() => !isRunning() || isStale() || resumeWhen(), 5000);
      }
    }
  };
}

/** A second consumer in the group reads on from the commit: it must get exactly the unprocessed records. */
async function nextOwnerReads(groupId: string, topic: string, processed: Processed, partitions = 1): Promise<void> {
  const next = await sdk!.consumer({ groupId, ...fast });
  await next.subscribe({ topics: [topic], fromBeginning: true });
  const got: string[] = [];
  await next.run({ eachMessage: async ({ partition, message }) => void got.push(`${partition}:${message.offset}`) });
  const missing = processed.missing(partitions);
  await pollUntil(() => missing.every((m) => got.includes(m)), 3000).catch(() => undefined);
  expect(got.filter((m) => missing.includes(m)).sort()).toEqual(missing.sort());
}

async function oneBatch(topic: string, partitions = 1): Promise<void> {
  await sdk!.createTopic(topic, partitions);
  for (let p = 0; p < partitions; p++) {
    const producer = await sdk!.producer();
    await producer.send({
      topic,
      messages: Array.from({ length: RECORDS }, (_, i) => ({ value: String(i), partition: p })),
    });
  }
}

describe('at-least-once: eachBatch returning early never commits what it did not process', () => {
  it('stop during a batch commits the last processed offset + 1; the next owner gets the rest', async () => {
    sdk = await groupSetup();
    await oneBatch('alo-stop');
    const processed = new Processed();
    const consumer = await sdk.consumer({ groupId: 'g-alo-stop', ...fast });
    await consumer.subscribe({ topics: ['alo-stop'], fromBeginning: true });
    let stopped: Promise<void> | undefined;
    await consumer.run({ eachBatch: halfwayBatchHandler(processed, () => void (stopped = consumer.stop())) });
    await pollUntil(() => stopped !== undefined);
    await stopped;
    expect(processed.seen.size).toBe(HALF);
    expect(await committed('g-alo-stop', 'alo-stop')).toEqual([HALF]);
    await nextOwnerReads('g-alo-stop', 'alo-stop', processed);
  });

  it('disconnect during a batch commits the last processed offset + 1; the next owner gets the rest', async () => {
    sdk = await groupSetup();
    await oneBatch('alo-disc');
    const processed = new Processed();
    const consumer = await sdk.consumer({ groupId: 'g-alo-disc', ...fast });
    await consumer.subscribe({ topics: ['alo-disc'], fromBeginning: true });
    let gone: Promise<void> | undefined;
    await consumer.run({ eachBatch: halfwayBatchHandler(processed, () => void (gone = consumer.disconnect())) });
    await pollUntil(() => gone !== undefined);
    await gone;
    expect(processed.seen.size).toBe(HALF);
    expect(await committed('g-alo-disc', 'alo-disc')).toEqual([HALF]);
    await nextOwnerReads('g-alo-disc', 'alo-disc', processed);
  });

  // Both partitions are mid-batch when a second member joins. Whatever is revoked is committed at
  // exactly what was processed (seen from onPartitionsRevoked, which runs after that commit), and
  // between the two members every record is processed.
  async function revokeMidBatch(groupId: string, topic: string, assignors: Assignor[]) {
    sdk = await groupSetup();
    await oneBatch(topic, 2);
    const processed = new Processed();
    const commitsAtRevoke: number[][] = [];
    const config = { groupId, ...fast, partitionAssigners: assignors };
    const a = await sdk.consumer({
      ...config,
      rebalanceListener: {
        onPartitionsRevoked: async () => void commitsAtRevoke.push(await committed(groupId, topic)),
      },
    });
    await a.subscribe({ topics: [topic], fromBeginning: true });
    let b: Consumer | undefined;
    const joinSecond = async () => {
      b = await sdk!.consumer(config);
      await b.subscribe({ topics: [topic], fromBeginning: true });
      await b.run({ eachBatch: halfwayBatchHandler(processed, () => undefined) });
    };
    let joining: Promise<void> | undefined;
    // Once both partitions are halfway, the second member joins; a kept partition goes on after the rebalance.
    const interrupt = () => void (processed.halfway.size === 2 && (joining = joinSecond()));
    await a.run({
      eachBatch: halfwayBatchHandler(
        processed,
        interrupt,
        () => b !== undefined && a.assignment().length === 1 && b.assignment().length === 1,
      ),
      partitionsConsumedConcurrently: 2,
    });
    await pollUntil(() => joining !== undefined);
    await joining;
    await pollUntil(() => processed.missing(2).length === 0, 3000).catch(() => undefined);
    return { processed, commitsAtRevoke };
  }

  it('an eager revoke during a batch commits what was processed; every record is processed', async () => {
    const { processed, commitsAtRevoke } = await revokeMidBatch('g-alo-eager', 'alo-eager', [Assignors.range]);
    expect(commitsAtRevoke[0]).toEqual([HALF, HALF]);
    expect(processed.missing(2)).toEqual([]);
  });

  it('a cooperative revoke during a batch commits what was processed; every record is processed', async () => {
    const { processed, commitsAtRevoke } = await revokeMidBatch('g-alo-coop', 'alo-coop', [
      Assignors.cooperativeSticky,
    ]);
    // One partition moves (committed at HALF); the other is kept and has not committed yet.
    expect(commitsAtRevoke[0]!.filter((offset) => offset === HALF)).toHaveLength(1);
    expect(commitsAtRevoke[0]!.filter((offset) => offset > HALF)).toEqual([]);
    expect(processed.missing(2)).toEqual([]);
  });

  it('seek back during a batch: nothing past the processed records is resolved; the records from the seek on are processed', async () => {
    sdk = await groupSetup();
    await oneBatch('alo-seek');
    const processed = new Processed();
    const after: string[] = [];
    const consumer = await sdk.consumer({ groupId: 'g-alo-seek', ...fast });
    await consumer.subscribe({ topics: ['alo-seek'], fromBeginning: true });
    const handler = halfwayBatchHandler(processed, () => consumer.seek({ topic: 'alo-seek', partition: 0, offset: 2 }));
    await consumer.run({
      eachBatch: async (payload) => {
        if (processed.halfway.size > 0) after.push(...payload.batch.messages.map((m) => m.offset));
        await handler(payload);
      },
    });
    await pollUntil(() => processed.missing(1).length === 0, 3000).catch(() => undefined);
    expect(after[0]).toBe('2');
    expect(processed.missing(1)).toEqual([]);
    await consumer.stop();
    expect(await committed('g-alo-seek', 'alo-seek')).toEqual([RECORDS]);
  });

  it('pause during a batch: the batch is not resolved past what was processed; after resume the rest is processed', async () => {
    sdk = await groupSetup();
    await oneBatch('alo-pause');
    const processed = new Processed();
    const consumer = await sdk.consumer({ groupId: 'g-alo-pause', ...fast });
    await consumer.subscribe({ topics: ['alo-pause'], fromBeginning: true });
    let resume: (() => void) | undefined;
    await consumer.run({
      eachBatch: halfwayBatchHandler(processed, (payload) => void (resume = payload.pause())),
      autoCommitThreshold: 1,
    });
    await pollUntil(() => resume);
    // The commit after the batch (autoCommitThreshold 1) holds what was processed, no more.
    await pollUntil(async () => (await committed('g-alo-pause', 'alo-pause'))[0] === HALF || undefined, 3000).catch(
      () => undefined,
    );
    expect(await committed('g-alo-pause', 'alo-pause')).toEqual([HALF]);
    resume!();
    await pollUntil(() => processed.missing(1).length === 0, 3000).catch(() => undefined);
    expect(processed.missing(1)).toEqual([]);
  });
});

describe('at-least-once: eachMessage', () => {
  it('stop during a batch commits the message that returned, not the rest of the batch', async () => {
    sdk = await groupSetup();
    await oneBatch('alo-msg');
    const processed = new Processed();
    const consumer = await sdk.consumer({ groupId: 'g-alo-msg', ...fast });
    await consumer.subscribe({ topics: ['alo-msg'], fromBeginning: true });
    let stopped: Promise<void> | undefined;
    await consumer.run({
      eachMessage: async ({ partition, message }: EachMessagePayload) => {
        processed.add(partition, message.offset);
        if (Number(message.offset) === HALF - 1) stopped = consumer.stop();
      },
    });
    await pollUntil(() => stopped !== undefined);
    await stopped;
    expect(processed.seen.size).toBe(HALF);
    expect(await committed('g-alo-msg', 'alo-msg')).toEqual([HALF]);
    await nextOwnerReads('g-alo-msg', 'alo-msg', processed);
  });
});
