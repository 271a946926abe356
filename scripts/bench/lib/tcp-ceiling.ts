// The ceiling: the same number of bytes pushed through a plain Node TCP socket on loopback,
// written in chunks the size of our produce requests. No framing, no parsing, no storage.
import net from 'node:net';
import { elapsedMs } from './stats.js';

export async function tcpCeilingBytesPerSecond(totalBytes: number, chunkBytes: number): Promise<number> {
  let received = 0;
  let resolveDone!: () => void;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const server = net.createServer((socket) => {
    socket.on('data', (chunk) => {
      received += chunk.length;
      if (received >= totalBytes) {
        socket.end();
        resolveDone();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  const client = net.connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => client.once('connect', resolve));
  const chunk = Buffer.alloc(chunkBytes, 1);
  const start = process.hrtime.bigint();
  let sent = 0;
  while (sent < totalBytes) {
    sent += chunk.length;
    if (!client.write(chunk)) await new Promise((resolve) => client.once('drain', resolve));
  }
  await done;
  const ms = elapsedMs(start);
  client.destroy();
  await new Promise((resolve) => server.close(resolve));
  return (received / ms) * 1000;
}
