// Fast version of the chaos suite's exactly-once scenario (scripts/chaos/exactly-once.ts): the
// consume-transform-produce example service, SIGKILLed twice while it works and restarted with
// the same transactional id; the committed output must hold every input exactly once.
import { describe, expect, it } from 'vitest';
import { exactlyOnce } from '../../scripts/chaos/exactly-once.js';

describe('chaos: exactly-once transform service killed mid-transaction', () => {
  it('outputs every input record exactly once', async () => {
    const result = await exactlyOnce({
      records: 3000,
      kills: 2,
      seed: 11,
      instances: 1,
      minGapMs: 50,
      maxGapMs: 200,
    });
    // Both kills hit a service with work left, so they interrupted its transactions.
    expect(result.figures).toMatch(/3000 inputs, 2 SIGKILLs of 1 instances \(2 with input left\)/);
    expect(result, result.figures).toMatchObject({ ok: true });
  }, 60_000);
});
