// Scenario: fuzzed Kafka-protocol frames against the built broker as its own process, with the
// same checks as the native fuzz scenario (fuzz.ts); a valid native request is answered after.
import { fuzzScenario, type FuzzScenarioOptions } from './fuzz.js';
import type { ScenarioResult } from './lib/scenario.js';
import { sendFuzzedKafkaFrames } from './lib/kafka-fuzz-driver.js';

export function kafkaFuzz(options: FuzzScenarioOptions): Promise<ScenarioResult> {
  return fuzzScenario('Kafka frames', sendFuzzedKafkaFrames, options);
}
