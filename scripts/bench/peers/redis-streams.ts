// Redis Streams as a peer in the produce-and-consume benchmark: a redis-server of our own with
// the append-only file fsynced every second, loaded like minibroker. Streams have no
// partitions, so each run writes one stream. Produce: XADD in pipelines of `perSend` commands,
// `inFlight` pipelines outstanding (our producer's shape). Consume: one member of a consumer
// group reads with XREADGROUP COUNT `perSend`; the XACK of a batch's ids goes in one pipeline
// with the next read, so acknowledging costs no extra round trip.
import { Redis } from 'ioredis';
import { findOnPath, startServerProcess, type BenchLoad, type BenchSystem, type Skipped } from '../lib/bench-system.js';
import { benchMessages } from '../lib/produce-load.js';
import { elapsedMs, fmt } from '../lib/stats.js';

const GROUP = 'bench';
const NAME = 'Redis Streams';
const streamOf = (run: number) => `bench-${run}`;

/** Throws the first error of a pipeline's replies. */
function check(replies: [Error | null, unknown][] | null): unknown[] {
  if (!replies) throw new Error('redis pipeline was not executed');
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

async function produce(redis: Redis, stream: string, { records, perSend, inFlight }: BenchLoad): Promise<number> {
  const messages = benchMessages(perSend);
  const start = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < records) {
      next += perSend;
      const pipeline = redis.pipeline();
      for (const { key, value } of messages) pipeline.xadd(stream, '*', 'k', key, 'v', value);
      check(await pipeline.exec());
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return (records / elapsedMs(start)) * 1000;
}

type ReadReply = [key: Buffer, entries: [id: Buffer, fields: Buffer[] | null][]][] | null;

async function consume(redis: Redis, stream: string, { records, perSend }: BenchLoad): Promise<number> {
  await redis.xgroup('CREATE', stream, GROUP, '0');
  const start = process.hrtime.bigint();
  let count = 0;
  let toAck: Buffer[] = [];
  while (count < records) {
    const pipeline = redis.pipeline();
    if (toAck.length > 0) pipeline.xack(stream, GROUP, ...toAck);
    pipeline.xreadgroupBuffer('GROUP', GROUP, 'c1', 'COUNT', perSend, 'STREAMS', stream, '>');
    const replies = check(await pipeline.exec());
    const entries = (replies[replies.length - 1] as ReadReply)?.[0]?.[1] ?? [];
    if (entries.length === 0) throw new Error(`redis stream ${stream} ended after ${count} of ${records} records`);
    count += entries.length;
    toAck = entries.map(([id]) => id);
  }
  await redis.xack(stream, GROUP, ...toAck);
  return (records / elapsedMs(start)) * 1000;
}

export async function startRedisStreams(load: BenchLoad): Promise<BenchSystem | Skipped> {
  const executable = findOnPath('redis-server');
  if (!executable) return { name: NAME, skipped: 'redis-server not on PATH (apt-get install redis-server)' };
  const server = await startServerProcess(executable, (port, dir) => [
    '--port',
    String(port),
    '--bind',
    '127.0.0.1',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--appendfsync',
    'everysec',
    '--save',
    '',
  ]);
  const redis = new Redis({ host: '127.0.0.1', port: server.port, lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect();
  return {
    name: NAME,
    setup: `1 stream, AOF fsync every 1 s; XADD in pipelines of ${fmt(load.perSend)} × ${load.inFlight} in flight; XREADGROUP COUNT ${fmt(load.perSend)} + XACK`,
    pid: server.pid,
    produce: (run) => produce(redis, streamOf(run), load),
    consume: (run) => consume(redis, streamOf(run), load),
    async stop() {
      redis.disconnect();
      await server.stop();
    },
  };
}
