// Fast version of the chaos suite's fuzz scenario (scripts/chaos/fuzz.ts): 5,000 seeded fuzzed
// frames (random bytes and mutated valid requests of every API) against a broker on port 0.
// It must answer every sync request in between and a valid request afterwards.
import { describe, expect, it } from 'vitest';
import { answersValidRequest, sendFuzzedFrames } from '../../scripts/chaos/lib/fuzz-driver.js';
import { useBrokerFixtures } from '../helpers/broker.js';

const { broker } = useBrokerFixtures();

describe('chaos: fuzzed frames', () => {
  it('leave the broker up and answering', async () => {
    const b = await broker();
    const stats = await sendFuzzedFrames({ port: b.port, frames: 5000, seed: 11, syncTimeoutMs: 10_000 });
    expect(stats.sent).toBe(5000);
    expect({ abortedAfter: stats.abortedAfter, syncsUnanswered: stats.syncsUnanswered }).toEqual({
      abortedAfter: undefined,
      syncsUnanswered: 0,
    });
    expect(await answersValidRequest(b.port, 10_000)).toBe(true);
  }, 30_000);
});
