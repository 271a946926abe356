// NATS JetStream as a peer in the produce-and-consume benchmark: a nats-server of our own with
// JetStream on, one stream per run with file storage, loaded like minibroker. A record's key is
// the last token of its subject (NATS's way to key messages), its value the payload. Produce:
// JetStream publishes in groups of `perSend` awaited together, `inFlight` groups outstanding
// (our producer's shape). Consume: a durable pull consumer with consume(), which pulls
// `perSend` messages at a time and asks for more as they are processed; ack policy "all",
// acknowledging every `perSend`-th message, as XACK and a committed offset cover a batch.
import { AckPolicy, connect, StorageType, type JsMsg, type NatsConnection } from 'nats';
import { findOnPath, startServerProcess, type BenchLoad, type BenchSystem, type Skipped } from '../lib/bench-system.js';
import { benchMessages } from '../lib/produce-load.js';
import { elapsedMs, fmt } from '../lib/stats.js';

const NAME = 'NATS JetStream';
const streamOf = (run: number) => `bench-${run}`;
const subjectOf = (run: number) => `bench.${run}`;

async function produce(nc: NatsConnection, run: number, { records, perSend, inFlight }: BenchLoad): Promise<number> {
  const manager = await nc.jetstreamManager();
  await manager.streams.add({ name: streamOf(run), subjects: [`${subjectOf(run)}.*`], storage: StorageType.File });
  const js = nc.jetstream();
  const messages = benchMessages(perSend).map(({ key, value }) => ({ subject: `${subjectOf(run)}.${key}`, value }));
  const start = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < records) {
      next += perSend;
      await Promise.all(messages.map(({ subject, value }) => js.publish(subject, value)));
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (records / elapsedMs(start)) * 1000;
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

export async function startNatsJetStream(load: BenchLoad): Promise<BenchSystem | Skipped> {
  const executable = findOnPath('nats-server');
  if (!executable) return { name: NAME, skipped: 'nats-server not on PATH (apt-get install nats-server)' };
  const server = await startServerProcess(executable, (port, dir) => [
    '-js',
    '-sd',
    dir,
    '-a',
    '127.0.0.1',
    '-p',
    String(port),
  ]);
  // noAsyncTraces: no Error (and its stack) created per publish, a large part of the client's CPU otherwise.
  const nc = await connect({ servers: `127.0.0.1:${server.port}`, noAsyncTraces: true });
  return {
    name: NAME,
    setup: `1 stream, file storage; publishes in groups of ${fmt(load.perSend)} × ${load.inFlight} in flight; pull consume() of ${fmt(load.perSend)}, ack policy all`,
    pid: server.pid,
    produce: (run) => produce(nc, run, load),
    consume: (run) => consume(nc, run, load),
    async stop() {
      await nc.close();
      await server.stop();
    },
  };
}
