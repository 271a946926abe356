// Runs one instance against a broker:
//   MINIBROKER_BROKERS=localhost:9092 TRANSACTIONAL_ID=transform-1 node --import tsx examples/exactly-once/main.ts
// Optional: INPUT_TOPIC (default input), OUTPUT_TOPIC (output), GROUP_ID (transform-service),
// SESSION_TIMEOUT_MS, TRANSACTION_TIMEOUT_MS, MAX_BYTES_PER_PARTITION, WORK_MS_PER_BATCH
// (simulated processing time).
import { startTransformService } from './transform-service.js';

const env = process.env;
const number = (value: string | undefined) => (value === undefined ? undefined : Number(value));
const service = await startTransformService({
  brokers: (env.MINIBROKER_BROKERS ?? 'localhost:9092').split(','),
  inputTopic: env.INPUT_TOPIC ?? 'input',
  outputTopic: env.OUTPUT_TOPIC ?? 'output',
  groupId: env.GROUP_ID ?? 'transform-service',
  transactionalId: env.TRANSACTIONAL_ID ?? `transform-${process.pid}`,
  sessionTimeout: number(env.SESSION_TIMEOUT_MS),
  transactionTimeout: number(env.TRANSACTION_TIMEOUT_MS),
  maxBytesPerPartition: number(env.MAX_BYTES_PER_PARTITION),
  workMsPerBatch: number(env.WORK_MS_PER_BATCH),
});
console.log('transform service running');
const stop = () => void service.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
