// A client that pipelines many large Fetches and never reads its socket: the broker holds a
// bounded number of response bytes for it (maxResponseBytesPerConnection), stops starting its
// requests, and keeps answering everyone else.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Api } from '../../protocol/apis.js';
import { encodeRequestFrame } from '../../protocol/envelope.js';
import { encodeRecordBatch } from '../../protocol/record-batch.js';
import type { RequestInterceptor } from '../../server/network/request-interceptor.js';
import { useBrokerFixtures } from '../helpers/broker.js';
import { pollUntil } from '../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const sockets: net.Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

const BUDGET = 512 * 1024;
const BATCH_VALUE_BYTES = 64 * 1024;
const BATCHES = 32; // 2 MiB stored: each Fetch could answer with all of it
/** The most a loopback connection's kernel buffers may hold (receive + send autotuning maxima). */
function kernelSocketBufferBytes(): number {
  const max = (file: string) => Number(readFileSync(file, 'utf8').trim().split(/\s+/)[2]);
  try {
    return max('/proc/sys/net/ipv4/tcp_rmem') + max('/proc/sys/net/ipv4/tcp_wmem');
  } catch {
    return 16 * 1024 * 1024;
  }
}
// Each answer is bounded by BUDGET; enough of them that the kernel cannot take them all, however
// large its buffers are set, so the broker must stop reading the connection (at least 48: 96 MiB
// of responses if all were prepared at once).
const PIPELINED_FETCHES = Math.max(48, Math.ceil((2 * kernelSocketBufferBytes()) / BUDGET));

/** Connects and never reads: no 'data' listener, so the socket stays paused. */
function connectNeverReading(port: number, host: string): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host }, () => resolve(socket));
    socket.once('error', reject);
    sockets.push(socket);
  });
}

describe('a client that never reads its responses', () => {
  it('gets at most maxResponseBytesPerConnection prepared or queued; other clients keep being answered', async () => {
    // The never-reading client's Fetches being prepared at once (started, response not yet built).
    let preparing = 0;
    let mostPreparing = 0;
    const countFetches: RequestInterceptor = (call, next) => {
      if (call.api !== 'Fetch' || call.connection.clientId !== 'never-reads') return next();
      mostPreparing = Math.max(mostPreparing, ++preparing);
      return next().finally(() => preparing--);
    };
    const broker = await fixtures.broker({ maxResponseBytesPerConnection: BUDGET, requestInterceptor: countFetches });
    const other = await fixtures.client(broker);
    await other.request('CreateTopics', { topics: [{ name: 'big', numPartitions: 1, configs: {} }] });
    for (let i = 0; i < BATCHES; i++) {
      const records = encodeRecordBatch([{ value: Buffer.alloc(BATCH_VALUE_BYTES, i) }]);
      await other.request('Produce', { acks: 1, topics: [{ name: 'big', partitions: [{ partition: 0, records }] }] });
    }

    const hog = await connectNeverReading(broker.port, broker.host);
    const fetchAll = {
      maxBytes: 4 * 1024 * 1024,
      topics: [{ name: 'big', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 4 * 1024 * 1024 }] }],
    };
    hog.write(
      Buffer.concat(
        Array.from({ length: PIPELINED_FETCHES }, (_, i) =>
          encodeRequestFrame(Api.Fetch, 0, i + 1, 'never-reads', fetchAll),
        ),
      ),
    );
    await pollUntil(() => mostPreparing > 0);

    // Meanwhile another client is served: produce and fetch round trips all answered.
    for (let i = 0; i < 10; i++) {
      const records = encodeRecordBatch([{ value: `other ${i}` }]);
      await other.request('Produce', { acks: 1, topics: [{ name: 'big', partitions: [{ partition: 0, records }] }] });
      const fetched = await other.request('Fetch', {
        maxBytes: 1024,
        topics: [{ name: 'big', partitions: [{ partition: 0, fetchOffset: BATCHES + i, partitionMaxBytes: 1024 }] }],
      });
      expect(fetched.topics[0]!.partitions[0]!.errorCode).toBe(0);
    }

    // Without a bound all of them are prepared at once (96 MiB or more in memory). With it, a Fetch starts only
    // while the connection has room and then holds at least one batch, so few are prepared at once.
    expect(mostPreparing).toBeLessThanOrEqual(BUDGET / BATCH_VALUE_BYTES + 1);
    const hogStats = await pollUntil(
      () => broker.connectionStats().find((c) => c.clientId === 'never-reads' && !c.reading),
      10_000,
    );
    // Bounded by the budget plus at most one batch read past it (and a frame header or two).
    expect(hogStats.peakResponseBytes).toBeLessThanOrEqual(BUDGET + BATCH_VALUE_BYTES + 4096);
    // The bound was reached (Fetches read across event-loop turns, so by the time reading pauses the
    // kernel may have taken some of the responses and the figure held now can be lower).
    expect(hogStats.peakResponseBytes).toBeGreaterThanOrEqual(BUDGET);
  });
});
