// Redis Streams as a peer in the produce-and-consume benchmark: a redis-server of our own with
// the append-only file fsynced every second, loaded like minibroker. Streams have no
// partitions, so each run writes one stream. Produce: XADD in pipelines of `perSend` commands,
// `inFlight` pipelines outstanding (our producer's shape). Consume: one member of a consumer
// group reads with XREADGROUP COUNT `perSend`; the XACK of a batch's ids goes in one pipeline
// with the next read, so acknowledging costs no extra round trip. The client runs in a process of
// its own (redis-streams-client.ts).
import { fileURLToPath } from 'node:url';
import { findOnPath, startServerProcess, type BenchLoad, type BenchSystem, type Skipped } from '../lib/bench-system.js';
import { startClientProcess } from '../lib/client-process.js';
import { fmt } from '../lib/stats.js';

const NAME = 'Redis Streams';
const CLIENT = fileURLToPath(new URL('./redis-streams-client.ts', import.meta.url));

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
  const client = await startClientProcess(CLIENT, server.port, load);
  return {
    name: NAME,
    setup: `1 stream, AOF fsync every 1 s; XADD in pipelines of ${fmt(load.perSend)} × ${load.inFlight} in flight; XREADGROUP COUNT ${fmt(load.perSend)} + XACK`,
    pid: server.pid,
    produce: (run, records) => client.run('produce', run, records),
    consume: (run, records) => client.run('consume', run, records),
    async stop() {
      await client.stop();
      await server.stop();
    },
  };
}
