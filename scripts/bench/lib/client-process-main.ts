// The child side of client-process.ts: opens the peer's client, says it is ready, then runs each
// load it is asked for and answers with records/s and the CPU seconds this process spent.
import { pathToFileURL } from 'node:url';
import type { BenchLoad } from './bench-system.js';
import type { ClientReply, ClientRequest, OpenPeerClient } from './client-process.js';
import { ownCpuSeconds } from './cpu.js';

const [modulePath, port, load] = process.argv.slice(2);
const { openClient } = (await import(pathToFileURL(modulePath!).href)) as { openClient: OpenPeerClient };
const client = await openClient(Number(port), JSON.parse(load!) as BenchLoad);
const send = (message: ClientReply | 'ready') => process.send!(message);

process.on('message', (request: ClientRequest) => {
  const before = ownCpuSeconds();
  client[request.phase](request.run, request.records).then(
    (recordsPerSecond) =>
      send({ id: request.id, result: { recordsPerSecond, clientSeconds: ownCpuSeconds() - before } }),
    (error: unknown) => send({ id: request.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
process.once('SIGTERM', () => void client.close().finally(() => process.exit(0)));
send('ready');
