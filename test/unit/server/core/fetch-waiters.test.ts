import { afterEach, describe, expect, it } from 'vitest';
import { payload, promotedWhile } from '../../../helpers/young-garbage.js';
import { coreFixture } from './core-fixture.js';

let fixture: ReturnType<typeof coreFixture>;
afterEach(() => fixture?.close());

describe('FetchWaiters', () => {
  it('wakes parked fetches when enough bytes are committed, and lets them go', async () => {
    fixture = coreFixture();
    const log = fixture.topics.create('t', 1).partitions[0]!;
    const woken: number[] = [];
    const small = fixture.waiters.wait([log], 10, 60_000).then(() => woken.push(10));
    const large = fixture.waiters.wait([log], 100, 60_000).then(() => woken.push(100));
    expect(fixture.waiters.size).toBe(2);
    log.committed(log.logEndOffset, 50);
    await small;
    expect(woken).toEqual([10]);
    log.committed(log.logEndOffset, 50);
    await large;
    expect(woken).toEqual([10, 100]);
    expect(fixture.waiters.size).toBe(0);
  });

  it('keeps no woken fetch alive through young collections after a full collection made the registries old', async () => {
    fixture = coreFixture();
    const log = fixture.topics.create('t', 1).partitions[0]!;
    const park = () => {
      const held = payload(8192);
      return fixture.waiters.wait([log], 1, 60_000).then(() => held.length);
    };
    // A burst of consumers is parked when a full collection runs; then 2,000 fetches of 8 KB park
    // and are woken, ten at a time.
    const burst = Array.from({ length: 64 }, park);
    const promoted = await promotedWhile(200, async (i) => {
      if (i === 0) {
        log.committed(log.logEndOffset, 1);
        await Promise.all(burst);
      }
      const parked = Array.from({ length: 10 }, park);
      log.committed(log.logEndOffset, 1);
      await Promise.all(parked);
    });
    expect(promoted).toBeLessThan((200 * 10 * 8192) / 16);
  });
});
