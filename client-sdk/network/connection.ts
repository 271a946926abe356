// One TCP connection to one broker: frames out, frames in, responses matched to requests by
// correlation id (they may arrive out of order), per-request timeouts, write backpressure.
import net from 'node:net';
import tls from 'node:tls';
import { Api, type ApiName, type ApiSpec } from '../../protocol/apis.js';
import { decodeBody, decodeResponseFrame, encodeRequestFrame } from '../../protocol/envelope.js';
import {
  DEFAULT_MAX_FRAME_BYTES,
  DirectFrameReader,
  FRAME_HEADER_BYTES,
  FrameDecoder,
} from '../../protocol/framing.js';
import type { RequestOf, ResponseFrame, ResponseOf } from '../../protocol/messages.js';
import { encodeProduceRequestFrame, type OutgoingProduceRequest } from '../../protocol/produce-request-frame.js';
import {
  MinibrokerConnectionError,
  MinibrokerError,
  MinibrokerProtocolError,
  MinibrokerRequestTimeoutError,
  MinibrokerRequestTooLargeError,
} from '../errors.js';
import type { Logger } from '../logger.js';
import { saslAuthenticate, type SaslOptions } from './sasl.js';
import { InFlightRequests } from './in-flight-requests.js';

export interface ConnectionOptions {
  host: string;
  port: number;
  clientId: string;
  logger: Logger;
  connectionTimeout?: number;
  requestTimeout?: number;
  maxFrameBytes?: number;
  /** Requests beyond this many wait for a response before being written. */
  maxInFlightRequests?: number | null;
  /** TLS: true, or node:tls connect options (ca, cert, key, servername, rejectUnauthorized...), as KafkaJS's `ssl`. */
  ssl?: boolean | tls.ConnectionOptions;
  /** SASL credentials, as KafkaJS's `sasl`; the exchange runs before connect() resolves. */
  sasl?: SaslOptions;
  /** Seam for tests: how the socket is made. */
  socketFactory?: (host: string, port: number) => net.Socket;
}

export interface RequestOptions {
  timeout?: number;
  /** false for requests the broker never answers (Produce with acks = 0). */
  expectResponse?: boolean;
  /**
   * Called once the socket no longer needs the request's bytes: written, failed to be, or never
   * written (the request failed before). The producer reuses batch memory only after it.
   */
  onWritten?: (error?: Error | null) => void;
}

interface InFlight {
  spec: ApiSpec;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

const MAX_CORRELATION_ID = 0x7fffffff;

export class Connection {
  readonly address: string;
  private socket: net.Socket | undefined;
  private state: 'idle' | 'connecting' | 'connected' | 'closed' = 'idle';
  private connecting: Promise<void> | undefined;
  private readonly inFlight = new InFlightRequests<InFlight>();
  private nextCorrelationId = 1;
  private readonly decoder: FrameDecoder;
  /** Plain TCP sockets read into buffers we hand them (large responses in place): see DirectFrameReader. */
  private readonly reader: DirectFrameReader;
  private drainWaiters: { resolve(): void; reject(error: Error): void }[] = [];
  private slotWaiters: (() => void)[] = [];
  private closed: Promise<void> | undefined;
  private readonly maxFrameBytes: number;

  constructor(private readonly options: ConnectionOptions) {
    this.address = `${options.host}:${options.port}`;
    this.maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    this.decoder = new FrameDecoder(this.maxFrameBytes);
    this.reader = new DirectFrameReader(this.maxFrameBytes);
  }

  get isConnected(): boolean {
    return this.state === 'connected';
  }

  get inFlightCount(): number {
    return this.inFlight.size;
  }

  connect(): Promise<void> {
    if (this.state === 'connected') return Promise.resolve();
    if (this.state === 'connecting') return this.connecting!;
    if (this.state === 'closed')
      return Promise.reject(new MinibrokerConnectionError(`connection to ${this.address} is closed`, this.address));
    this.state = 'connecting';
    this.connecting = new Promise<void>((resolve, reject) => {
      const { host, port } = this.options;
      const socket = this.options.socketFactory?.(host, port) ?? this.openSocket(host, port);
      this.socket = socket;
      socket.setNoDelay(true);
      const timer = setTimeout(() => {
        const error = new MinibrokerConnectionError(`connection to ${this.address} timed out`, this.address);
        reject(error);
        this.fail(error);
      }, this.options.connectionTimeout ?? 1000);
      socket.once(this.options.ssl && !this.options.socketFactory ? 'secureConnect' : 'connect', () => {
        clearTimeout(timer);
        if (this.state !== 'connecting') return;
        this.state = 'connected';
        this.options.logger.debug({ broker: this.address }, 'connected');
        if (!this.options.sasl) return resolve();
        saslAuthenticate(this.options.sasl, (api, body) => this.request(api, body), this.address).then(
          () => resolve(),
          (error: MinibrokerError) => {
            reject(error);
            this.fail(error);
          },
        );
      });
      socket.on('error', (cause) => {
        clearTimeout(timer);
        const error = new MinibrokerConnectionError(
          `connection to ${this.address} failed: ${cause.message}`,
          this.address,
          cause,
        );
        reject(error);
        this.fail(error);
      });
      socket.on('close', () => {
        clearTimeout(timer);
        const error = new MinibrokerConnectionError(`connection to ${this.address} closed`, this.address);
        reject(error);
        this.fail(error);
      });
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('drain', () => this.releaseDrainWaiters());
    });
    return this.connecting;
  }

  private openSocket(host: string, port: number): net.Socket {
    const ssl = this.options.ssl;
    if (!ssl) {
      const onread = { buffer: this.reader.nextBuffer, callback: (n: number, buf: Uint8Array) => this.onRead(n, buf) };
      return net.connect({ host, port, onread });
    }
    // SNI takes a host name only, never an IP address.
    const servername = net.isIP(host) ? undefined : host;
    return tls.connect({ servername, ...(ssl === true ? {} : ssl), host, port });
  }

  /** Sends one request; resolves with the decoded response body of that API. */
  request<N extends ApiName>(api: N, body: RequestOf<N>, options: RequestOptions = {}): Promise<ResponseOf<N>> {
    const spec = Api[api];
    return this.exchange<N>(spec, (id) => [encodeRequestFrame(spec, 0, id, this.options.clientId, body)], options);
  }

  /** A Produce request whose record batches go to the socket by reference (produce-request-frame.ts). */
  produce(body: OutgoingProduceRequest, options: RequestOptions = {}): Promise<ResponseOf<'Produce'>> {
    return this.exchange<'Produce'>(
      Api.Produce,
      (id) => encodeProduceRequestFrame(0, id, this.options.clientId, body),
      options,
    );
  }

  /** Sends the frame `encode` makes for a correlation id; resolves with the decoded response body. */
  private async exchange<N extends ApiName>(
    spec: ApiSpec,
    encode: (correlationId: number) => Buffer[],
    options: RequestOptions,
  ): Promise<ResponseOf<N>> {
    const { onWritten } = options;
    let correlationId: number;
    let frame: Buffer[];
    try {
      const max = this.options.maxInFlightRequests;
      while (max && this.inFlight.size >= max && this.state === 'connected')
        await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
      if (this.socket?.writableNeedDrain && this.state === 'connected') await this.waitForDrain();
      if (this.state !== 'connected')
        throw new MinibrokerConnectionError(`not connected to ${this.address}`, this.address);

      correlationId = this.takeCorrelationId();
      frame = encode(correlationId);
      let size = -FRAME_HEADER_BYTES;
      for (const chunk of frame) size += chunk.length;
      if (size > this.maxFrameBytes) throw new MinibrokerRequestTooLargeError(size, this.maxFrameBytes);
    } catch (error) {
      onWritten?.(error as Error);
      throw error;
    }

    if (options.expectResponse === false) {
      await new Promise<void>((resolve, reject) =>
        this.write(frame, (error) => {
          onWritten?.(error);
          if (error) reject(new MinibrokerConnectionError(error.message, this.address, error));
          else resolve();
        }),
      );
      return undefined as unknown as ResponseOf<N>;
    }
    return new Promise<ResponseOf<N>>((resolve, reject) => {
      const timeout = options.timeout ?? this.options.requestTimeout ?? 30_000;
      const timer = setTimeout(() => {
        if (!this.inFlight.take(correlationId)) return;
        this.releaseSlot();
        reject(
          new MinibrokerRequestTimeoutError(
            `${spec.name} request ${correlationId} to ${this.address} timed out after ${timeout} ms`,
          ),
        );
      }, timeout);
      this.inFlight.add(correlationId, { spec, resolve: resolve, reject, timer });
      this.write(frame, onWritten);
    });
  }

  /** One frame in chunks: corked, so they go out in one writev. */
  private write(chunks: Buffer[], done?: (error?: Error | null) => void): void {
    const socket = this.socket!;
    const corked = chunks.length > 1;
    if (corked) socket.cork();
    for (let i = 0; i < chunks.length - 1; i++) socket.write(chunks[i]!);
    socket.write(chunks[chunks.length - 1]!, done);
    if (corked) socket.uncork();
  }

  /** Closes the socket; requests still in flight fail with a retriable connection error. */
  close(): Promise<void> {
    if (this.closed) return this.closed;
    const socket = this.socket;
    this.fail(new MinibrokerConnectionError(`connection to ${this.address} closed by the client`, this.address));
    this.closed = new Promise<void>((resolve) => {
      if (!socket || socket.closed) return resolve();
      socket.once('close', () => resolve());
    });
    return this.closed;
  }

  private takeCorrelationId(): number {
    const id = this.nextCorrelationId;
    this.nextCorrelationId = id >= MAX_CORRELATION_ID ? 1 : id + 1;
    return id;
  }

  private onData(chunk: Buffer): void {
    this.onFrames(() => this.decoder.push(chunk));
  }

  /** node:net's onread callback; true keeps the socket reading. */
  private onRead(n: number, buf: Uint8Array): boolean {
    this.onFrames(() => this.reader.onRead(n, buf as Buffer));
    return true;
  }

  private onFrames(read: () => Buffer[]): void {
    let frames: Buffer[];
    try {
      frames = read();
    } catch (error) {
      this.fail(
        new MinibrokerConnectionError(
          `bad frame from ${this.address}: ${(error as Error).message}`,
          this.address,
          error,
        ),
      );
      return;
    }
    for (const frame of frames) {
      if (this.state === 'closed') return;
      this.onFrame(frame);
    }
  }

  private onFrame(frame: Buffer): void {
    let response: ResponseFrame;
    try {
      response = decodeResponseFrame(frame);
    } catch (error) {
      this.fail(new MinibrokerConnectionError(`undecodable response from ${this.address}`, this.address, error));
      return;
    }
    if (response.correlationId === 0 && response.errorCode !== 0) {
      // A connection-level notice: the broker closes right after it.
      this.options.logger.warn(
        { broker: this.address, errorCode: response.errorCode, message: response.errorMessage },
        'connection notice from broker',
      );
      this.fail(new MinibrokerProtocolError(response.errorCode, response.errorMessage));
      return;
    }
    const entry = this.inFlight.take(response.correlationId);
    if (!entry) return; // timed out earlier; the late answer has no one waiting
    clearTimeout(entry.timer);
    this.releaseSlot();
    if (response.errorCode !== 0) {
      entry.reject(new MinibrokerProtocolError(response.errorCode, response.errorMessage));
      return;
    }
    try {
      entry.resolve(decodeBody(entry.spec.response, response.body));
    } catch (error) {
      entry.reject(
        new MinibrokerProtocolError(-1, `undecodable ${entry.spec.response} from ${this.address}`, { cause: error }),
      );
    }
  }

  private fail(error: MinibrokerError): void {
    if (this.state === 'closed') return;
    const wasConnected = this.state === 'connected';
    this.state = 'closed';
    if (wasConnected) this.options.logger.debug({ broker: this.address, error: error.message }, 'connection closed');
    for (const entry of this.inFlight.takeAll()) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
    for (const waiter of this.drainWaiters) waiter.reject(error);
    this.drainWaiters = [];
    for (const wake of this.slotWaiters) wake();
    this.slotWaiters = [];
    this.socket?.destroy();
  }

  private waitForDrain(): Promise<void> {
    return new Promise<void>((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
  }

  private releaseDrainWaiters(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const waiter of waiters) waiter.resolve();
  }

  private releaseSlot(): void {
    this.slotWaiters.shift()?.();
  }
}
