// Test helpers for the broker: an in-memory broker on port 0 closed after each test, and a tiny
// raw protocol client (node:net + protocol/) so broker tests do not depend on the SDK.
import net from 'node:net';
import { afterEach } from 'vitest';
import { Api, type ApiName } from '../../protocol/apis.js';
import { decodeBody, decodeResponseFrame, encodeBody } from '../../protocol/envelope.js';
import { encodeFrame, FrameDecoder } from '../../protocol/framing.js';
import { messageType } from '../../protocol/schema.js';
import type { ApiMessages, RequestOf, ResponseFrame, ResponseOf } from '../../protocol/messages.js';
import { startBroker, type Broker, type StartBrokerOptions } from '../../server/broker.js';

type MessageApi = ApiName & keyof ApiMessages;
/** Request bodies in tests may leave out any field: protobuf fills defaults. */
export type DeepPartial<T> = T extends Uint8Array
  ? T
  : T extends (infer U)[]
    ? DeepPartial<U>[]
    : T extends object
      ? { [K in keyof T]?: DeepPartial<T[K]> }
      : T;

/** An in-memory broker on a free port with silent logs (override anything via options). */
export function startTestBroker(options: StartBrokerOptions = {}): Promise<Broker> {
  return startBroker({ port: 0, logLevel: 'silent', ...options });
}

/**
 * Registers an afterEach that closes everything started through the returned functions:
 * `const { broker, client } = useBrokerFixtures();` then `const b = await broker()`.
 */
export function useBrokerFixtures() {
  const brokers: Broker[] = [];
  const clients: RawClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.destroy();
    await Promise.all(brokers.splice(0).map((b) => b.close()));
  });
  return {
    async broker(options?: StartBrokerOptions): Promise<Broker> {
      const b = await startTestBroker(options);
      brokers.push(b);
      return b;
    },
    async client(b: Broker): Promise<RawClient> {
      const c = await RawClient.connect(b.port, b.host);
      clients.push(c);
      return c;
    },
  };
}

const requestFrameType = messageType('RequestFrame');

export class ApiError extends Error {
  constructor(readonly frame: ResponseFrame) {
    super(`envelope error ${frame.errorCode}: ${frame.errorMessage}`);
  }
}

/** A raw protocol client: sends RequestFrames, matches ResponseFrames by correlation id. */
export class RawClient {
  private readonly decoder = new FrameDecoder(Number.MAX_SAFE_INTEGER);
  private readonly pending = new Map<number, (frame: ResponseFrame) => void>();
  private nextCorrelationId = 1;
  /** Connection notices (correlation id 0) received. */
  readonly notices: ResponseFrame[] = [];
  /** Responses nobody waited for (e.g. an answer to an acks=0 produce). */
  readonly unmatched: ResponseFrame[] = [];
  /** Resolves when the broker closes the connection. */
  readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      for (const body of this.decoder.push(chunk)) {
        const frame = decodeResponseFrame(body);
        if (frame.correlationId === 0) this.notices.push(frame);
        const resolve = this.pending.get(frame.correlationId);
        this.pending.delete(frame.correlationId);
        if (resolve) resolve(frame);
        else if (frame.correlationId !== 0) this.unmatched.push(frame);
      }
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  /** Connects to a 'host:port' bootstrap address, as `broker.brokers[0]`. */
  static connectTo(address: string): Promise<RawClient> {
    const at = address.lastIndexOf(':');
    return RawClient.connect(Number(address.slice(at + 1)), address.slice(0, at));
  }

  /** `localAddress` picks the client's own address (e.g. 127.0.0.2, for per-address limits). */
  static connect(port: number, host = '127.0.0.1', localAddress?: string): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host, localAddress }, () => {
        socket.off('error', reject);
        resolve(new RawClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends a request and resolves with the decoded response body; ApiError on an envelope error. */
  async request<N extends MessageApi>(api: N, body: DeepPartial<RequestOf<N>>, version = 0): Promise<ResponseOf<N>> {
    const frame = await this.send(Api[api].key, version, encodeBody(Api[api].request, body));
    if (frame.errorCode !== 0) throw new ApiError(frame);
    return decodeBody<ResponseOf<N>>(Api[api].response, frame.body);
  }

  /** Sends raw body bytes under any key/version; resolves with the response envelope. */
  send(
    apiKey: number,
    apiVersion: number,
    body: Uint8Array,
    correlationId = this.nextCorrelationId++,
  ): Promise<ResponseFrame> {
    const response = this.expect(correlationId);
    this.write(
      encodeFrame(requestFrameType.encode({ apiKey, apiVersion, correlationId, clientId: 'raw-test', body }).finish()),
    );
    return response;
  }

  /** Sends a request whose response must never come (acks=0); returns its correlation id. */
  fireAndForget<N extends MessageApi>(api: N, body: DeepPartial<RequestOf<N>>): number {
    const correlationId = this.nextCorrelationId++;
    this.write(
      encodeFrame(
        requestFrameType
          .encode({
            apiKey: Api[api].key,
            apiVersion: 0,
            correlationId,
            clientId: 'raw-test',
            body: encodeBody(Api[api].request, body),
          })
          .finish(),
      ),
    );
    return correlationId;
  }

  /** A promise for the response frame with this correlation id (0 = the next notice). */
  expect(correlationId: number): Promise<ResponseFrame> {
    return new Promise((resolve, reject) => {
      this.pending.set(correlationId, resolve);
      void this.closed.then(() => reject(new Error(`connection closed before response ${correlationId}`)));
    });
  }

  write(bytes: Uint8Array): void {
    this.socket.write(bytes);
  }

  destroy(): void {
    this.socket.destroy();
  }
}
