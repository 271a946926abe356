import { afterEach, describe, expect, it } from 'vitest';
import { encodeRecordBatch } from '../../../../protocol/record-batch.js';
import type { PartitionFetch } from '../../../../server/core/fetcher.js';
import { Fetcher } from '../../../../server/core/fetcher.js';
import { ReadPacer } from '../../../../server/core/read-pacer.js';
import { coreFixture } from './core-fixture.js';

let fixture: ReturnType<typeof coreFixture>;
afterEach(() => fixture?.close());

const BATCH_VALUE_BYTES = 1000;

/** Two partitions of 12 batches each, varying sizes so limits fall between batches. */
async function storeBatches() {
  fixture = coreFixture();
  const partitions = fixture.topics.create('t', 2).partitions;
  for (const log of partitions) {
    for (let i = 0; i < 12; i++)
      await log.append(
        encodeRecordBatch([{ value: Buffer.alloc(BATCH_VALUE_BYTES + 137 * i, i) }, { value: 'x' }]),
        false,
      );
  }
}

const limits = (maxBytes: number) => ({ minBytes: 0, maxBytes, maxWaitMs: 0 });
const offsetsOf = (batches: Buffer[]) => batches.map((b) => Number(b.readBigInt64BE(0)));

describe('Fetch reads paced in small steps', () => {
  it('return the same batches as one whole read, whatever the limits', async () => {
    await storeBatches();
    const whole = new Fetcher(fixture.topics, fixture.waiters);
    const paced = new Fetcher(fixture.topics, fixture.waiters, new ReadPacer(1500));
    const cases: [PartitionFetch[], number][] = [];
    for (const maxBytes of [1, 900, 2500, 7000, 20_000, 1 << 20]) {
      for (const partitionMax of [1, 3000, 9000, 1 << 20]) {
        for (const offset of [0, 3, 6, 24]) {
          cases.push([
            [
              { topic: 't', partition: 0, offset, maxBytes: partitionMax },
              { topic: 't', partition: 1, offset: 4, maxBytes: partitionMax },
            ],
            maxBytes,
          ]);
        }
      }
    }
    for (const [requests, maxBytes] of cases) {
      const expected = await whole.fetch(requests, limits(maxBytes));
      const actual = await paced.fetch(requests, limits(maxBytes));
      const label = JSON.stringify({ requests, maxBytes });
      expect(
        actual.map((r) => ({ ...r, batches: offsetsOf(r.batches) })),
        label,
      ).toEqual(expected.map((r) => ({ ...r, batches: offsetsOf(r.batches) })));
    }
  });

  it('give other work a turn once a turn’s allowance is read, and answer a small read in the same turn', async () => {
    await storeBatches();
    const fetcher = new Fetcher(fixture.topics, fixture.waiters, new ReadPacer(1500));
    let turnPassed = false;
    setImmediate(() => (turnPassed = true));
    const all = await fetcher.fetch([{ topic: 't', partition: 0, offset: 0, maxBytes: 1 << 20 }], limits(1 << 20));
    expect(all[0]!.batches).toHaveLength(12);
    expect(turnPassed).toBe(true);

    // A fresh allowance: a one-batch read completes without waiting for a turn.
    await new Promise((resolve) => setImmediate(resolve));
    turnPassed = false;
    setImmediate(() => (turnPassed = true));
    const one = await fetcher.fetch([{ topic: 't', partition: 0, offset: 0, maxBytes: 1 }], limits(1 << 20));
    expect(one[0]!.batches).toHaveLength(1);
    expect(turnPassed).toBe(false);
  });

  it('do not starve a small read behind a large one: it takes a step in the next turn', async () => {
    await storeBatches();
    const fetcher = new Fetcher(fixture.topics, fixture.waiters, new ReadPacer(1500));
    const done: string[] = [];
    const large = fetcher
      .fetch([{ topic: 't', partition: 0, offset: 0, maxBytes: 1 << 20 }], limits(1 << 20))
      .then(() => done.push('large'));
    // The large read spent this turn's allowance: the small one waits a turn, but not for the whole large read.
    const small = fetcher
      .fetch([{ topic: 't', partition: 1, offset: 0, maxBytes: 1 }], limits(1 << 20))
      .then(() => done.push('small'));
    await Promise.all([large, small]);
    expect(done).toEqual(['small', 'large']);
  });

  it('keep the batches read when retention removes the log front between steps', async () => {
    await storeBatches();
    const fetcher = new Fetcher(fixture.topics, fixture.waiters, new ReadPacer(1500));
    const log = fixture.topics.partition(fixture.topics.get('t')!, 0);
    const pending = fetcher.fetch([{ topic: 't', partition: 0, offset: 0, maxBytes: 1 << 20 }], limits(1 << 20));
    log.truncateBefore(log.logEndOffset - 2);
    const [result] = await pending;
    expect(result!.errorCode).toBe(0);
    expect(offsetsOf(result!.batches)[0]).toBe(0);
    // The read stopped where the log no longer holds the next offset.
    expect(result!.batches.length).toBeLessThan(12);
  });
});
