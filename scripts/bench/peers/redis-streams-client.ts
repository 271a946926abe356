// The Redis Streams peer's client (redis-streams.ts starts the server): run in a process of its
// own by lib/client-process.ts.
import { Redis } from 'ioredis';
import type { BenchLoad } from '../lib/bench-system.js';
import type { PeerClient } from '../lib/client-process.js';
import { sendLoad } from '../lib/produce-load.js';
import { elapsedMs } from '../lib/stats.js';

const GROUP = 'bench';
const streamOf = (run: number) => `bench-${run}`;

/** Throws the first error of a pipeline's replies. */
function check(replies: [Error | null, unknown][] | null): unknown[] {
  if (!replies) throw new Error('redis pipeline was not executed');
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

async function produce(redis: Redis, stream: string, load: BenchLoad): Promise<number> {
  const ms = await sendLoad(async (messages) => {
    const pipeline = redis.pipeline();
    for (const { key, value } of messages) pipeline.xadd(stream, '*', 'k', key, 'v', value);
    check(await pipeline.exec());
  }, load);
  return (load.records / ms) * 1000;
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

export async function openClient(port: number, load: BenchLoad): Promise<PeerClient> {
  const redis = new Redis({ host: '127.0.0.1', port, lazyConnect: true, maxRetriesPerRequest: 0 });
  await redis.connect();
  return {
    produce: (run, records) => produce(redis, streamOf(run), { ...load, records }),
    consume: (run, records) => consume(redis, streamOf(run), { ...load, records }),
    close: async () => void redis.disconnect(),
  };
}
