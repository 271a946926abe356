// A bare protocol connection (node:net + protocol/) for the fuzzer and the hostile clients:
// sends frames as given, matches responses by correlation id, and never retries anything.
import net from 'node:net';
import { Api, type ApiName } from '../../../protocol/apis.js';
import { decodeBody, decodeResponseFrame, encodeRequestFrame } from '../../../protocol/envelope.js';
import { FrameDecoder } from '../../../protocol/framing.js';
import type { ApiMessages, RequestOf, ResponseFrame, ResponseOf } from '../../../protocol/messages.js';

type MessageApi = ApiName & keyof ApiMessages;

export class RawConnection {
  private readonly decoder = new FrameDecoder(Number.MAX_SAFE_INTEGER);
  private readonly pending = new Map<
    number,
    { resolve: (frame: ResponseFrame) => void; reject: (error: Error) => void }
  >();
  // High ids, away from the small ones fuzzed frames mostly carry.
  private nextCorrelationId = 1 << 30;
  /** Frames received, matched or not. */
  responses = 0;
  /** Resolves when the connection closes, from either side. */
  readonly closed: Promise<void>;
  isClosed = false;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      let bodies: Buffer[];
      try {
        bodies = this.decoder.push(chunk);
      } catch {
        socket.destroy();
        return;
      }
      for (const body of bodies) {
        this.responses++;
        let frame: ResponseFrame;
        try {
          frame = decodeResponseFrame(body);
        } catch {
          continue;
        }
        const waiter = this.pending.get(frame.correlationId);
        this.pending.delete(frame.correlationId);
        waiter?.resolve(frame);
      }
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) =>
      socket.once('close', () => {
        this.isClosed = true;
        for (const waiter of this.pending.values()) waiter.reject(new Error('connection closed'));
        this.pending.clear();
        resolve();
      }),
    );
  }

  static connect(port: number, host = '127.0.0.1'): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => {
        socket.off('error', reject);
        resolve(new RawConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends one API request and resolves with its decoded response; rejects on an envelope error. */
  async request<N extends MessageApi>(api: N, body: Partial<RequestOf<N>>): Promise<ResponseOf<N>> {
    const correlationId = this.nextCorrelationId++;
    void this.write(encodeRequestFrame(Api[api], 0, correlationId, 'chaos', body));
    const frame = await this.expect(correlationId);
    if (frame.errorCode !== 0) throw new Error(`${api}: envelope error ${frame.errorCode} ${frame.errorMessage}`);
    return decodeBody<ResponseOf<N>>(Api[api].response, frame.body);
  }

  /** The encoded frame of a request, with a fresh correlation id, for pipelining by hand. */
  frame<N extends MessageApi>(api: N, body: Partial<RequestOf<N>>): Buffer {
    return encodeRequestFrame(Api[api], 0, this.nextCorrelationId++, 'chaos', body);
  }

  expect(correlationId: number): Promise<ResponseFrame> {
    if (this.isClosed) return Promise.reject(new Error('connection closed'));
    return new Promise((resolve, reject) => this.pending.set(correlationId, { resolve, reject }));
  }

  /** Writes bytes; resolves once the socket can take more (backpressure on our side). */
  write(bytes: Uint8Array): Promise<void> {
    if (this.isClosed || this.socket.write(bytes)) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => (this.socket.off('drain', done), this.socket.off('close', done), resolve());
      this.socket.once('drain', done);
      this.socket.once('close', done);
    });
  }

  destroy(): void {
    this.socket.destroy();
  }
}
