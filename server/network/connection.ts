// One client connection: frames in, requests dispatched concurrently (responses go out as each
// completes, matched by correlation id). Reading pauses while too many requests are in flight,
// (by count and by request bytes), while the socket is write-blocked, and while the connection's responses (queued to send or
// being prepared) are over their byte bound. Idle connections and frames that never complete
// are closed.
import type { Socket } from 'node:net';
import { encodeResponseFrame } from '../../protocol/envelope.js';
import { ErrorCode } from '../../protocol/errors.js';
import { FrameDecoder, FrameTooLargeError } from '../../protocol/framing.js';
import type { Logger } from '../logger.js';
import type { RateLimitedLog } from '../rate-limited-log.js';
import type { Session } from '../security/session.js';
import type { Dispatcher, PeerInfo } from './request-dispatcher.js';
import { ResponseBytes } from './response-bytes.js';

export interface ConnectionOptions {
  maxFrameBytes: number;
  maxInFlight: number;
  /** Bytes of responses queued or being prepared before requests wait for the socket to drain. */
  maxResponseBytes: number;
  /** Bytes of request frames in flight (decoded requests hold on to them) before the next request
   *  waits; one request always fits, however large. */
  maxRequestBytes: number;
  /** No traffic and no request in flight for this long closes the connection. */
  idleTimeoutMs: number;
  /** A frame must be complete this long after its first byte arrived. */
  frameReadTimeoutMs: number;
  /** Makes the connection's security state (principal, SASL exchange). */
  newSession: (remoteAddress: string) => Session;
  /** A connection that must authenticate and has not done so this long after it opened is closed. */
  authenticationTimeoutMs: number;
}

export interface ConnectionStats {
  id: number;
  remoteAddress: string;
  clientId: string;
  inFlight: number;
  /** Bytes of the request frames in flight. */
  requestBytes: number;
  /** Decoded requests waiting to start. */
  waiting: number;
  /** Response bytes queued to send or being prepared now, and the most ever at once. */
  responseBytes: number;
  peakResponseBytes: number;
  /** Whether the broker is reading the socket (false: paused by backpressure or closing). */
  reading: boolean;
}

/** Largest frame before a connection has authenticated, as Kafka's sasl.server.max.receive.size. */
export const UNAUTHENTICATED_MAX_FRAME_BYTES = 512 * 1024;
/** How long a closing connection waits for the peer to finish before it is destroyed. */
const LINGER_MS = 1000;
const EMPTY = new Uint8Array(0);

export class Connection implements PeerInfo {
  readonly remoteAddress: string;
  clientId = '';
  readonly session: Session;
  private readonly decoder: FrameDecoder;
  private readonly queue: Buffer[] = [];
  private readonly responses: ResponseBytes;
  private inFlight = 0;
  private requestBytes = 0;
  private writeBlocked = false;
  private paused = false;
  private closing = false;
  private idle: (() => void)[] = [];
  private lingerTimer: NodeJS.Timeout | undefined;
  private frameTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private authTimer: NodeJS.Timeout | undefined;
  private lastActive = performance.now();

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly dispatch: Dispatcher,
    private readonly options: ConnectionOptions,
    private readonly log: Logger,
    /** Warnings about clients closed for misbehaving, shared by all connections. */
    private readonly slowClientLog: RateLimitedLog,
  ) {
    this.remoteAddress = `${socket.remoteAddress}:${socket.remotePort}`;
    this.session = options.newSession(this.remoteAddress);
    this.decoder = new FrameDecoder(options.maxFrameBytes);
    this.responses = new ResponseBytes(options.maxResponseBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      this.writeBlocked = false;
      this.updateReading();
    });
    socket.on('error', (err) => log.debug({ connection: id, err: err.message }, 'socket error'));
    socket.on('close', () => {
      clearTimeout(this.lingerTimer);
      this.stopTimers();
      this.closing = true;
      this.queue.length = 0;
      this.notifyIdle();
    });
    this.armIdleTimer(options.idleTimeoutMs);
    if (!this.session.authenticated) {
      this.authTimer = setTimeout(() => this.onAuthenticationTimeout(), options.authenticationTimeoutMs);
      this.authTimer.unref();
    }
  }

  stats(): ConnectionStats {
    return {
      id: this.id,
      remoteAddress: this.remoteAddress,
      clientId: this.clientId,
      inFlight: this.inFlight,
      requestBytes: this.requestBytes,
      waiting: this.queue.length,
      responseBytes: this.responses.total,
      peakResponseBytes: this.responses.peak,
      reading: !this.paused,
    };
  }

  /** Graceful close: read no more, let in-flight requests answer, then end the socket. */
  async close(): Promise<void> {
    this.closing = true;
    this.queue.length = 0;
    this.updateReading();
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    this.endSocket();
  }

  /** Abrupt close, as a network failure would: no linger, in-flight answers are lost. */
  destroy(): void {
    this.closing = true;
    this.queue.length = 0;
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    this.lastActive = performance.now();
    let frames: Buffer[];
    try {
      // Until it authenticates, a connection may not make the broker buffer a large frame.
      this.decoder.maxFrameBytes = this.session.authenticated
        ? this.options.maxFrameBytes
        : Math.min(this.options.maxFrameBytes, UNAUTHENTICATED_MAX_FRAME_BYTES);
      frames = this.decoder.push(chunk);
    } catch (err) {
      if (err instanceof FrameTooLargeError) this.refuseOversizedFrame(err);
      else {
        this.log.error({ connection: this.id, err }, 'frame decoding failed; closing the connection');
        this.shutdown();
      }
      return;
    }
    // Each completed frame restarts the clock for the next one.
    if (frames.length > 0) this.clearFrameTimer();
    for (const frame of frames) this.queue.push(frame);
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && this.canStart(this.queue[0]!) && !this.closing && !this.responses.full)
      this.start(this.queue.shift()!);
    this.updateReading();
  }

  /** Within the in-flight bounds by count and by bytes (parked Fetches keep their frames alive). */
  private canStart(frame: Buffer): boolean {
    if (this.inFlight === 0) return true;
    return this.inFlight < this.options.maxInFlight && this.requestBytes + frame.length <= this.options.maxRequestBytes;
  }

  private start(frame: Buffer): void {
    this.inFlight++;
    this.requestBytes += frame.length;
    const budget = this.responses.forRequest();
    this.dispatch(frame, this, budget)
      .then(
        ({ frame: response, close }) => {
          budget.release();
          if (response) this.writeChunks(response);
          if (close) this.shutdown();
        },
        (err: unknown) => this.log.error({ connection: this.id, err }, 'dispatch failed'),
      )
      .finally(() => {
        budget.release();
        this.inFlight--;
        this.requestBytes -= frame.length;
        if (this.inFlight === 0) this.notifyIdle();
        this.pump();
      });
  }

  private write(frame: Buffer): void {
    this.writeChunks([frame]);
  }

  /** One frame in chunks (a Fetch's stored batches by reference): corked, so they go out in one writev. */
  private writeChunks(chunks: readonly Buffer[]): void {
    if (this.socket.destroyed || !this.socket.writable || chunks.length === 0) return;
    this.lastActive = performance.now();
    let bytes = 0;
    for (const chunk of chunks) bytes += chunk.length;
    this.responses.queue(bytes);
    const corked = chunks.length > 1;
    if (corked) this.socket.cork();
    let accepted = true;
    for (let i = 0; i < chunks.length - 1; i++) accepted = this.socket.write(chunks[i]!) && accepted;
    // The last chunk's callback runs once the whole frame is handed to the kernel (or the socket failed).
    accepted =
      this.socket.write(chunks[chunks.length - 1]!, () => {
        this.responses.flushed(bytes);
        this.lastActive = performance.now();
        this.pump();
      }) && accepted;
    if (corked) this.socket.uncork();
    if (!accepted) {
      this.writeBlocked = true;
      this.updateReading();
    }
  }

  private updateReading(): void {
    if (this.lingerTimer) return;
    const pause =
      this.closing ||
      this.writeBlocked ||
      this.inFlight >= this.options.maxInFlight ||
      this.queue.length > 0 ||
      this.responses.full;
    if (pause && !this.paused) this.socket.pause();
    else if (!pause && this.paused) this.socket.resume();
    this.paused = pause;
    this.updateFrameTimer();
  }

  /** The partial-frame clock runs only while we read: a pause of ours must not count against the client. */
  private updateFrameTimer(): void {
    const waitingForBytes = !this.paused && !this.closing && this.decoder.pendingBytes > 0;
    if (!waitingForBytes) this.clearFrameTimer();
    else if (!this.frameTimer) {
      this.frameTimer = setTimeout(() => this.onFrameTimeout(), this.options.frameReadTimeoutMs);
      this.frameTimer.unref();
    }
  }

  private clearFrameTimer(): void {
    clearTimeout(this.frameTimer);
    this.frameTimer = undefined;
  }

  private onFrameTimeout(): void {
    this.frameTimer = undefined;
    const timeoutMs = this.options.frameReadTimeoutMs;
    this.slowClientLog.warn(
      {
        connection: this.id,
        remoteAddress: this.remoteAddress,
        pendingBytes: this.decoder.pendingBytes,
        frameReadTimeoutMs: timeoutMs,
      },
      'request frame incomplete after frameReadTimeoutMs; closing the connection',
    );
    this.write(
      encodeResponseFrame(
        0,
        EMPTY,
        ErrorCode.REQUEST_TIMED_OUT,
        `request frame not complete within ${timeoutMs} ms (frameReadTimeoutMs); closing the connection`,
      ),
    );
    this.shutdown();
  }

  private onAuthenticationTimeout(): void {
    this.authTimer = undefined;
    if (this.closing || this.session.authenticated) return;
    const timeoutMs = this.options.authenticationTimeoutMs;
    this.slowClientLog.warn(
      { connection: this.id, remoteAddress: this.remoteAddress, saslAuthenticationTimeoutMs: timeoutMs },
      'not authenticated within saslAuthenticationTimeoutMs; closing the connection',
    );
    this.write(
      encodeResponseFrame(
        0,
        EMPTY,
        ErrorCode.SASL_AUTHENTICATION_FAILED,
        `not authenticated within ${timeoutMs} ms of connecting; closing the connection`,
      ),
    );
    this.shutdown();
  }

  private armIdleTimer(delayMs: number): void {
    this.idleTimer = setTimeout(() => this.checkIdle(), delayMs);
    this.idleTimer.unref();
  }

  /** Re-armed rather than reset on every byte: one timer per connection, touched once per period. */
  private checkIdle(): void {
    if (this.closing) return;
    const limit = this.options.idleTimeoutMs;
    const quietMs = performance.now() - this.lastActive;
    // A request in flight (a parked long-poll Fetch) keeps the connection alive.
    if (this.inFlight > 0) return this.armIdleTimer(limit);
    if (quietMs < limit) return this.armIdleTimer(Math.max(1, Math.ceil(limit - quietMs)));
    this.log.debug(
      { connection: this.id, remoteAddress: this.remoteAddress, connectionsMaxIdleMs: limit },
      'closing an idle connection',
    );
    this.shutdown();
  }

  private stopTimers(): void {
    this.clearFrameTimer();
    clearTimeout(this.idleTimer);
    clearTimeout(this.authTimer);
  }

  private refuseOversizedFrame(err: FrameTooLargeError): void {
    this.log.warn(
      { connection: this.id, remoteAddress: this.remoteAddress, size: err.size, max: err.max },
      'frame too large; closing the connection',
    );
    this.write(encodeResponseFrame(0, EMPTY, ErrorCode.INVALID_REQUEST, err.message));
    this.shutdown();
  }

  /** Stops serving now: sends what was written, then ends the connection. */
  private shutdown(): void {
    this.closing = true;
    this.queue.length = 0;
    this.stopTimers();
    this.endSocket();
  }

  private endSocket(): void {
    if (this.socket.destroyed || this.lingerTimer) return;
    this.stopTimers();
    // Keep draining (and discarding) input so the peer gets our last frame rather than a reset.
    this.socket.removeAllListeners('data');
    this.socket.on('data', () => {});
    this.socket.resume();
    this.paused = false;
    this.socket.end();
    this.lingerTimer = setTimeout(() => this.socket.destroy(), LINGER_MS);
  }

  private notifyIdle(): void {
    for (const resolve of this.idle.splice(0)) resolve();
  }
}
