// One member of the consumer-kill scenario's group, run as its own process so it can be
// SIGKILLed. It reports on stdout, one line per event, stamped with the system-wide monotonic
// clock so the parent can order lines from all members:
//   P <ns> <partition> <offset>   a record was handed to the handler and processed
//   C <ns> <partition> <offset>   the broker acknowledged this committed offset
//   X <ns> <message>              the consumer crashed (then the process exits with code 3)
// Lines go out synchronously: written before a kill means received by the parent.
// Usage: node --import tsx consumer-member.ts <broker> <topic> <group> <message|batch> <ms per record>
import { writeSync } from 'node:fs';
import { Client } from '../../client-sdk/index.js';
import type { CommitOffsetsPayload, CrashPayload } from './lib/consumer-events.js';

const [broker, topic, groupId, mode, perRecordMs] = process.argv.slice(2) as [string, string, string, string, string];

/** Writes the whole line before returning; stdout is non-blocking, so a full pipe is waited out. */
function report(line: string): void {
  let bytes = Buffer.from(`${line[0]} ${process.hrtime.bigint()} ${line.slice(2)}\n`);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(1, bytes));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

const client = new Client({ clientId: 'chaos-member', brokers: [broker], logLevel: 'nothing' });
const consumer = client.consumer({
  groupId,
  sessionTimeout: 1000,
  heartbeatInterval: 100,
  rebalanceTimeout: 3000,
  maxWaitTimeInMs: 100,
});
consumer.on(consumer.events.COMMIT_OFFSETS, (event) => {
  const payload = event.payload as CommitOffsetsPayload;
  for (const t of payload.topics) for (const p of t.partitions) report(`C ${p.partition} ${p.offset}`);
});
consumer.on(consumer.events.CRASH, (event) => {
  const payload = event.payload as CrashPayload;
  report(`X ${payload.error.message.replace(/\n/g, ' ')} (restart: ${payload.restart})`);
  process.exit(3);
});
await consumer.connect();
await consumer.subscribe({ topics: [topic], fromBeginning: true });
// Each record takes a little work, so rebalances and kills land in the middle of batches.
const work = () => new Promise((resolve) => setTimeout(resolve, Number(perRecordMs)));
if (mode === 'batch') {
  // KafkaJS's idiom: stop handling a batch as soon as the consumer stops or the batch goes stale.
  await consumer.run({
    autoCommitInterval: 200,
    eachBatch: async ({ batch, isRunning, isStale }) => {
      for (const message of batch.messages) {
        if (!isRunning() || isStale()) return;
        report(`P ${batch.partition} ${message.offset}`);
        await work();
      }
    },
  });
} else {
  await consumer.run({
    autoCommitInterval: 200,
    eachMessage: async ({ partition, message }) => {
      report(`P ${partition} ${message.offset}`);
      await work();
    },
  });
}
