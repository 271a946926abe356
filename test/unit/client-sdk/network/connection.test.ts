// The connection against an in-process fake broker on a real loopback socket.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeBody, decodeRequestFrame, encodeBody, encodeResponseFrame } from '../../../../protocol/envelope.js';
import { ErrorCode } from '../../../../protocol/errors.js';
import { FrameDecoder } from '../../../../protocol/framing.js';
import type { MetadataRequest, RequestFrame } from '../../../../protocol/messages.js';
import {
  MinibrokerConnectionError,
  MinibrokerProtocolError,
  MinibrokerRequestTimeoutError,
  MinibrokerRequestTooLargeError,
} from '../../../../client-sdk/errors.js';
import { createLogger } from '../../../../client-sdk/logger.js';
import { Connection } from '../../../../client-sdk/network/connection.js';
import { pollUntil } from '../../../helpers/poll-until.js';

interface FakeBroker {
  port: number;
  requests: RequestFrame[];
  sockets: net.Socket[];
  close(): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Calls `onRequest` for each request frame; `reply` answers it with a metadata body naming the cluster. */
async function fakeBroker(
  onRequest: (frame: RequestFrame, socket: net.Socket, broker: FakeBroker) => void,
): Promise<FakeBroker> {
  const broker: FakeBroker = { port: 0, requests: [], sockets: [], close: async () => {} };
  const server = net.createServer((socket) => {
    broker.sockets.push(socket);
    const decoder = new FrameDecoder();
    socket.on('data', (chunk) => {
      for (const body of decoder.push(chunk)) {
        const frame = decodeRequestFrame(body);
        broker.requests.push(frame);
        onRequest(frame, socket, broker);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  broker.port = (server.address() as net.AddressInfo).port;
  broker.close = () =>
    new Promise<void>((resolve) => {
      for (const s of broker.sockets) s.destroy();
      server.close(() => resolve());
    });
  cleanups.push(() => broker.close());
  return broker;
}

function answer(frame: RequestFrame, socket: net.Socket, clusterId = `answer-${frame.correlationId}`) {
  socket.write(
    encodeResponseFrame(
      frame.correlationId,
      encodeBody('MetadataResponse', { brokers: [], controllerId: 0, clusterId, topics: [] }),
    ),
  );
}

async function connect(
  port: number,
  options: Partial<ConstructorParameters<typeof Connection>[0]> = {},
): Promise<Connection> {
  const connection = new Connection({
    host: '127.0.0.1',
    port,
    clientId: 'unit',
    logger: createLogger({ logLevel: 'nothing', clientId: 'unit' }),
    ...options,
  });
  await connection.connect();
  cleanups.push(() => connection.close());
  return connection;
}

const metadata: MetadataRequest = { topics: ['t'], allTopics: false, allowAutoTopicCreation: false };

describe('Connection', () => {
  it('numbers requests from 1 and matches responses that arrive out of order', async () => {
    const held: [RequestFrame, net.Socket][] = [];
    const broker = await fakeBroker((frame, socket) => {
      held.push([frame, socket]);
      if (held.length === 3) for (const [f, s] of [...held].reverse()) answer(f, s);
    });
    const connection = await connect(broker.port);
    const responses = await Promise.all([1, 2, 3].map(() => connection.request('Metadata', metadata)));
    expect(broker.requests.map((r) => r.correlationId)).toEqual([1, 2, 3]);
    expect(responses.map((r) => r.clusterId)).toEqual(['answer-1', 'answer-2', 'answer-3']);
    expect(broker.requests[0]!.clientId).toBe('unit');
    expect(decodeBody<MetadataRequest>('MetadataRequest', broker.requests[0]!.body).topics).toEqual(['t']);
    expect(connection.inFlightCount).toBe(0);
  });

  it('times out one request with a retriable error and ignores its late answer', async () => {
    let slow: [RequestFrame, net.Socket] | undefined;
    const broker = await fakeBroker((frame, socket) => {
      if (frame.correlationId === 1) slow = [frame, socket];
      else {
        answer(frame, socket);
        if (slow) answer(...slow); // too late now
      }
    });
    const connection = await connect(broker.port);
    const first = connection.request('Metadata', metadata, { timeout: 50 });
    const error = await first.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinibrokerRequestTimeoutError);
    expect((error as MinibrokerRequestTimeoutError).retriable).toBe(true);
    expect((await connection.request('Metadata', metadata)).clusterId).toBe('answer-2');
    expect(connection.isConnected).toBe(true);
  });

  it('fails every request in flight with a connection notice and closes', async () => {
    const broker = await fakeBroker((frame, socket, b) => {
      if (b.requests.length === 2) {
        socket.write(encodeResponseFrame(0, new Uint8Array(), ErrorCode.INVALID_REQUEST, 'frame too large'));
        socket.end();
      }
    });
    const connection = await connect(broker.port);
    const results = await Promise.allSettled([
      connection.request('Metadata', metadata),
      connection.request('Metadata', metadata),
    ]);
    for (const result of results) {
      expect(result.status).toBe('rejected');
      const reason = (result as PromiseRejectedResult).reason as MinibrokerProtocolError;
      expect(reason).toBeInstanceOf(MinibrokerProtocolError);
      expect(reason.type).toBe('INVALID_REQUEST');
      expect(reason.message).toBe('frame too large');
    }
    expect(connection.isConnected).toBe(false);
  });

  it('rejects requests in flight with a retriable connection error when the broker closes', async () => {
    const broker = await fakeBroker((_frame, socket) => socket.destroy());
    const connection = await connect(broker.port);
    const error = await connection.request('Metadata', metadata).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinibrokerConnectionError);
    expect((error as MinibrokerConnectionError).retriable).toBe(true);
    await expect(connection.request('Metadata', metadata)).rejects.toBeInstanceOf(MinibrokerConnectionError);
  });

  it('rejects one request with its envelope error code and keeps the connection', async () => {
    const broker = await fakeBroker((frame, socket) => {
      if (frame.correlationId === 1)
        socket.write(encodeResponseFrame(1, new Uint8Array(), ErrorCode.UNSUPPORTED_VERSION, 'no'));
      else answer(frame, socket);
    });
    const connection = await connect(broker.port);
    await expect(connection.request('Metadata', metadata)).rejects.toMatchObject({
      type: 'UNSUPPORTED_VERSION',
      code: 35,
      retriable: false,
    });
    expect((await connection.request('Metadata', metadata)).clusterId).toBe('answer-2');
  });

  it('refuses to send a frame over the maximum size, sending nothing', async () => {
    const broker = await fakeBroker((frame, socket) => answer(frame, socket));
    const connection = await connect(broker.port, { maxFrameBytes: 200 });
    const error = await connection
      .request('Metadata', { ...metadata, topics: ['x'.repeat(300)] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinibrokerRequestTooLargeError);
    expect((error as MinibrokerRequestTooLargeError).type).toBe('MESSAGE_TOO_LARGE');
    expect((await connection.request('Metadata', metadata)).clusterId).toBe(
      `answer-${broker.requests[0]!.correlationId}`,
    );
    expect(broker.requests).toHaveLength(1);
  });

  it('holds requests beyond maxInFlightRequests until a response frees a slot', async () => {
    const held: [RequestFrame, net.Socket][] = [];
    const broker = await fakeBroker((frame, socket) => held.push([frame, socket]));
    const connection = await connect(broker.port, { maxInFlightRequests: 2 });
    const all = Promise.all([1, 2, 3].map(() => connection.request('Metadata', metadata)));
    await pollUntil(() => held.length === 2);
    await new Promise((resolve) => setImmediate(resolve));
    expect(held).toHaveLength(2);
    answer(...held[0]!);
    await pollUntil(() => held.length === 3);
    answer(...held[1]!);
    answer(...held[2]!);
    expect((await all).map((r) => r.clusterId)).toEqual(['answer-1', 'answer-2', 'answer-3']);
  });

  it('resolves a request that expects no response once written', async () => {
    const broker = await fakeBroker(() => {});
    const connection = await connect(broker.port);
    await expect(
      connection.request('Produce', { acks: 0, timeoutMs: 1000, topics: [] }, { expectResponse: false }),
    ).resolves.toBeUndefined();
    await pollUntil(() => broker.requests.length === 1);
    expect(connection.inFlightCount).toBe(0);
  });

  it('fails to connect with a retriable error when nothing listens', async () => {
    const broker = await fakeBroker(() => {});
    const port = broker.port;
    await broker.close();
    const connection = new Connection({
      host: '127.0.0.1',
      port,
      clientId: 'unit',
      logger: createLogger({ logLevel: 'nothing', clientId: 'unit' }),
    });
    await expect(connection.connect()).rejects.toMatchObject({ retriable: true, type: 'NETWORK_EXCEPTION' });
  });
});
