import { afterEach, describe, expect, it } from 'vitest';
import { encodeRecordBatch } from '../../../../protocol/record-batch.js';
import type { ResponseBudget } from '../../../../server/core/response-budget.js';
import { coreFixture } from './core-fixture.js';

let fixture: ReturnType<typeof coreFixture>;
afterEach(() => fixture?.close());

/** A budget with `room` bytes that records what the fetch says it holds. */
function budget(room: number) {
  const held: number[] = [];
  const value: ResponseBudget = { available: () => room, hold: (bytes) => void held.push(bytes) };
  return { value, held, setRoom: (bytes: number) => void (room = bytes) };
}

describe('Fetcher with a response budget', () => {
  it('reads no more than the budget has room for (at least one batch); holds that room while reading, then what it read', async () => {
    fixture = coreFixture();
    const log = fixture.topics.create('t', 1).partitions[0]!;
    const batches = [0, 1, 2, 3].map((i) => encodeRecordBatch([{ value: Buffer.alloc(100, i) }]));
    for (const b of batches) await log.append(b, false);
    const size = batches[0]!.length;

    const roomy = budget(1 << 20);
    const all = await fixture.fetcher.fetch(
      [{ topic: 't', partition: 0, offset: 0, maxBytes: 1 << 20 }],
      { minBytes: 0, maxBytes: 1 << 20, maxWaitMs: 0 },
      roomy.value,
    );
    expect(all[0]!.batches).toHaveLength(4);
    expect(roomy.held).toEqual([1 << 20, 4 * size]);

    const tight = budget(2 * size + 1);
    const some = await fixture.fetcher.fetch(
      [{ topic: 't', partition: 0, offset: 0, maxBytes: 1 << 20 }],
      { minBytes: 0, maxBytes: 1 << 20, maxWaitMs: 0 },
      tight.value,
    );
    expect(some[0]!.batches).toHaveLength(2);
    expect(tight.held).toEqual([2 * size + 1, 2 * size]);

    const tiny = budget(1);
    const one = await fixture.fetcher.fetch(
      [{ topic: 't', partition: 0, offset: 0, maxBytes: 1 << 20 }],
      { minBytes: 0, maxBytes: 1 << 20, maxWaitMs: 0 },
      tiny.value,
    );
    expect(one[0]!.batches).toHaveLength(1);
  });

  it('re-reads within the room left when a long poll ends, replacing what it held', async () => {
    fixture = coreFixture();
    const log = fixture.topics.create('t', 1).partitions[0]!;
    const first = encodeRecordBatch([{ value: 'a' }]);
    await log.append(first, false);
    const room = budget(1 << 20);
    const fetched = fixture.fetcher.fetch(
      [{ topic: 't', partition: 0, offset: 0, maxBytes: 1 << 20 }],
      { minBytes: 10_000, maxBytes: 1 << 20, maxWaitMs: 60_000 },
      room.value,
    );
    expect(room.held).toEqual([1 << 20, first.length]);
    room.setRoom(1);
    await log.append(encodeRecordBatch([{ value: Buffer.alloc(20_000) }]), false);
    fixture.appendBatcher.flush();
    const results = await fetched;
    // Room for one byte: one whole batch, and the figure held is replaced, not added to.
    expect(results[0]!.batches).toHaveLength(1);
    expect(room.held).toEqual([1 << 20, first.length, 1, first.length]);
  });
});
