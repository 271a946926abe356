// Fast version of the chaos suite's consumer-kill scenario (scripts/chaos/consumer-kill.ts): a
// group of 4 consumer processes (eachMessage, and eachBatch with KafkaJS's early-return idiom),
// 2 of them SIGKILLed while records flow. Every record must be processed at least once, and
// repeats may only come from the uncommitted window.
import { describe, expect, it } from 'vitest';
import { consumerKill } from '../../scripts/chaos/consumer-kill.js';

describe('chaos: consumer processes killed in a group of 4', () => {
  it('processes every record at least once, repeating only uncommitted ones', async () => {
    const result = await consumerKill({ kills: 2, seed: 7, minGapMs: 300, maxGapMs: 600, idleTimeoutMs: 2000 });
    expect(result.figures).toMatch(/2 member kills in a group of 4/);
    expect(result, result.figures).toMatchObject({ ok: true });
  }, 40_000);
});
