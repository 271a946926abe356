// Fast version of the chaos suite's kafka-fuzz scenario (scripts/chaos/kafka-fuzz.ts): seeded
// fuzzed Kafka frames (random bytes and mutated valid requests of every Kafka API and version)
// against a broker on port 0. It must answer every sync request and a valid request afterwards.
import { describe, expect, it } from 'vitest';
import { answersValidRequest } from '../../scripts/chaos/lib/fuzz-driver.js';
import { sendFuzzedKafkaFrames } from '../../scripts/chaos/lib/kafka-fuzz-driver.js';
import { useBrokerFixtures } from '../helpers/broker.js';

const fixtures = useBrokerFixtures();

describe('chaos: fuzzed Kafka frames', () => {
  it('leave the broker up and answering both protocols', async () => {
    const b = await fixtures.broker();
    const stats = await sendFuzzedKafkaFrames({ port: b.port, frames: 4000, seed: 13, syncTimeoutMs: 10_000 });
    expect(stats.sent).toBe(4000);
    expect(stats.syncsUnanswered).toBe(0);
    expect(stats.syncsAnswered).toBeGreaterThan(0);
    expect(Object.values(stats.byKind).every((n) => n > 0)).toBe(true);
    expect(await answersValidRequest(b.port, 10_000)).toBe(true);
  }, 30_000);
});
