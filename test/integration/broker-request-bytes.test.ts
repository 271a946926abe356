// A client that pipelines many large requests the broker cannot finish at once (parked
// long-polls, slow handlers): the request frames held in flight per connection are bounded by
// bytes (maxRequestBytesPerConnection), one request always fits, and every request is answered
// once room frees up.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Api } from '../../protocol/apis.js';
import { decodeResponseFrame, encodeRequestFrame } from '../../protocol/envelope.js';
import { FrameDecoder } from '../../protocol/framing.js';
import type { RequestInterceptor } from '../../server/network/request-interceptor.js';
import { useBrokerFixtures } from '../helpers/broker.js';
import { pollUntil } from '../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const sockets: net.Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

const LIMIT = 256 * 1024;
const REQUESTS = 20;
// Each Metadata request names 1,000 topics of 100 characters: about 100 KiB a frame.
const bigMetadata = {
  topics: Array.from({ length: 1000 }, (_, i) => `t${String(i).padStart(99, '0')}`),
  allowAutoTopicCreation: false,
};

describe('request bytes in flight per connection', () => {
  it('holds at most maxRequestBytesPerConnection of request frames in flight, then answers them all', async () => {
    // Requests from 'hog' wait here until released, as parked long-polls would.
    const held: (() => void)[] = [];
    let inHandler = 0;
    let mostInHandler = 0;
    const hold: RequestInterceptor = async (call, next) => {
      if (call.connection.clientId !== 'hog') return next();
      mostInHandler = Math.max(mostInHandler, ++inHandler);
      await new Promise<void>((resolve) => held.push(resolve));
      inHandler--;
      return next();
    };
    const broker = await fixtures.broker({ maxRequestBytesPerConnection: LIMIT, requestInterceptor: hold });

    const socket = net.connect({ port: broker.port, host: broker.host });
    sockets.push(socket);
    const answered = new Set<number>();
    const decoder = new FrameDecoder(64 * 1024 * 1024);
    socket.on('data', (chunk: Buffer) => {
      for (const frame of decoder.push(chunk)) answered.add(decodeResponseFrame(frame).correlationId);
    });
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    const frames = Array.from({ length: REQUESTS }, (_, i) =>
      encodeRequestFrame(Api.Metadata, 0, i + 1, 'hog', bigMetadata),
    );
    const frameBytes = frames[0]!.length;
    expect(frameBytes).toBeGreaterThan(LIMIT / 4);
    socket.write(Buffer.concat(frames));

    const fits = Math.floor(LIMIT / frameBytes);
    await pollUntil(() => held.length >= fits);
    const stats = await pollUntil(() => broker.connectionStats().find((c) => c.clientId === 'hog' && !c.reading));
    // Without the bound all 20 (2 MiB) would be in flight at once: maxInFlightPerConnection is 1000.
    expect(stats.inFlight).toBe(fits);
    expect(stats.requestBytes).toBeLessThanOrEqual(LIMIT);

    // Released one by one, the rest start as room frees up, and every request is answered.
    await pollUntil(() => {
      for (const release of held.splice(0)) release();
      return answered.size === REQUESTS;
    });
    expect(mostInHandler).toBe(fits);
  });

  it('always lets one request through, however large', async () => {
    const broker = await fixtures.broker({ maxRequestBytesPerConnection: 1024 });
    const client = await fixtures.client(broker);
    const response = await client.request('Metadata', bigMetadata);
    expect(response.topics).toHaveLength(1000);
  });
});
