// NATS JetStream as a peer in the produce-and-consume benchmark: a nats-server of our own with
// JetStream on, one stream per run with file storage, loaded like minibroker. A record's key is
// the last token of its subject (NATS's way to key messages), its value the payload. Produce:
// JetStream publishes in groups of `perSend` awaited together, `inFlight` groups outstanding
// (our producer's shape). Consume: a durable pull consumer with consume(), which pulls
// `perSend` messages at a time and asks for more as they are processed; ack policy "all",
// acknowledging every `perSend`-th message, as XACK and a committed offset cover a batch. The
// client runs in a process of its own (nats-jetstream-client.ts).
import { fileURLToPath } from 'node:url';
import { findOnPath, startServerProcess, type BenchLoad, type BenchSystem, type Skipped } from '../lib/bench-system.js';
import { startClientProcess } from '../lib/client-process.js';
import { fmt } from '../lib/stats.js';

const NAME = 'NATS JetStream';
const CLIENT = fileURLToPath(new URL('./nats-jetstream-client.ts', import.meta.url));

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
  const client = await startClientProcess(CLIENT, server.port, load);
  return {
    name: NAME,
    setup: `1 stream, file storage; publishes in groups of ${fmt(load.perSend)} × ${load.inFlight} in flight; pull consume() of ${fmt(load.perSend)}, ack policy all`,
    pid: server.pid,
    produce: (run, records) => client.run('produce', run, records),
    consume: (run, records) => client.run('consume', run, records),
    async stop() {
      await client.stop();
      await server.stop();
    },
  };
}
