// The NATS JetStream peer's client (nats-jetstream.ts starts the server): run in a process of
// its own by lib/client-process.ts.
import { AckPolicy, connect, StorageType, type JsMsg, type NatsConnection } from 'nats';
import type { BenchLoad } from '../lib/bench-system.js';
import type { PeerClient } from '../lib/client-process.js';
import { sendLoad } from '../lib/produce-load.js';
import { elapsedMs } from '../lib/stats.js';

const streamOf = (run: number) => `bench-${run}`;
const subjectOf = (run: number) => `bench.${run}`;

async function produce(nc: NatsConnection, run: number, load: BenchLoad): Promise<number> {
  const manager = await nc.jetstreamManager();
  await manager.streams.add({ name: streamOf(run), subjects: [`${subjectOf(run)}.*`], storage: StorageType.File });
  const js = nc.jetstream();
  const subject = (key: string) => `${subjectOf(run)}.${key}`;
  const ms = await sendLoad(
    (messages) => Promise.all(messages.map(({ key, value }) => js.publish(subject(key), value))),
    load,
  );
  return (load.records / ms) * 1000;
}

async function consume(nc: NatsConnection, run: number, { records, perSend }: BenchLoad): Promise<number> {
  const stream = streamOf(run);
  const manager = await nc.jetstreamManager();
  await manager.consumers.add(stream, { durable_name: 'bench', ack_policy: AckPolicy.All });
  const consumer = await nc.jetstream().consumers.get(stream, 'bench');
  const start = process.hrtime.bigint();
  const messages = await consumer.consume({ max_messages: perSend });
  let count = 0;
  let last: JsMsg | undefined;
  for await (const message of messages) {
    count++;
    last = message;
    if (count >= records) break;
    if (count % perSend === 0) message.ack();
  }
  // The last acknowledgement is awaited, as the last XACK is.
  await last?.ackAck();
  const ms = elapsedMs(start);
  // Not close(): it resolves only once someone iterates again, and we have left the loop.
  messages.stop();
  if (count < records) throw new Error(`nats stream ${stream} ended after ${count} of ${records} records`);
  return (records / ms) * 1000;
}

export async function openClient(port: number, load: BenchLoad): Promise<PeerClient> {
  // noAsyncTraces: no Error (and its stack) created per publish, a large part of the client's CPU otherwise.
  const nc = await connect({ servers: `127.0.0.1:${port}`, noAsyncTraces: true });
  return {
    produce: (run, records) => produce(nc, run, { ...load, records }),
    consume: (run, records) => consume(nc, run, { ...load, records }),
    close: () => nc.close(),
  };
}
