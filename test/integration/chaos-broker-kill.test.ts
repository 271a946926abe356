// Fast version of the chaos suite's broker-kill scenario (scripts/chaos/broker-kill.ts): the
// built broker as a child process, SIGKILLed and restarted 3 times under acks=all produce with
// a group consuming and committing. Nothing acknowledged may be lost or moved, offsets run
// without gaps, committed offsets never go back.
import { describe, expect, it } from 'vitest';
import { brokerKill } from '../../scripts/chaos/broker-kill.js';

describe('chaos: broker kill -9 during acks=all produce', () => {
  it('keeps every acknowledged record at its offset and every commit', async () => {
    const result = await brokerKill({ cycles: 3, seed: 7, minRunMs: 50, maxRunMs: 150, recoveryTimeoutMs: 10_000 });
    expect(result.figures).toMatch(/3 kill -9 cycles/);
    expect(result, result.figures).toMatchObject({ ok: true });
  }, 30_000);
});
