// One client connection: frames in, requests dispatched concurrently (responses go out as each
// completes, matched by correlation id), bounded in-flight requests and write backpressure
// both pause reading from the socket.
import type { Socket } from 'node:net';
import { encodeResponseFrame } from '../../protocol/envelope.js';
import { ErrorCode } from '../../protocol/errors.js';
import { FrameDecoder, FrameTooLargeError } from '../../protocol/framing.js';
import type { Logger } from '../logger.js';
import type { Dispatcher, PeerInfo } from './request-dispatcher.js';

export interface ConnectionOptions {
  maxFrameBytes: number;
  maxInFlight: number;
}

/** How long a closing connection waits for the peer to finish before it is destroyed. */
const LINGER_MS = 1000;

export class Connection implements PeerInfo {
  readonly remoteAddress: string;
  clientId = '';
  private readonly decoder: FrameDecoder;
  private readonly queue: Buffer[] = [];
  private inFlight = 0;
  private writeBlocked = false;
  private paused = false;
  private closing = false;
  private idle: (() => void)[] = [];
  private lingerTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly id: number,
    private readonly socket: Socket,
    private readonly dispatch: Dispatcher,
    private readonly options: ConnectionOptions,
    private readonly log: Logger,
  ) {
    this.remoteAddress = `${socket.remoteAddress}:${socket.remotePort}`;
    this.decoder = new FrameDecoder(options.maxFrameBytes);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => {
      this.writeBlocked = false;
      this.updateReading();
    });
    socket.on('error', (err) => log.debug({ connection: id, err: err.message }, 'socket error'));
    socket.on('close', () => {
      clearTimeout(this.lingerTimer);
      this.closing = true;
      this.queue.length = 0;
      this.notifyIdle();
    });
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
    let frames: Buffer[];
    try {
      frames = this.decoder.push(chunk);
    } catch (err) {
      if (err instanceof FrameTooLargeError) this.refuseOversizedFrame(err);
      else {
        this.log.error({ connection: this.id, err }, 'frame decoding failed; closing the connection');
        this.shutdown();
      }
      return;
    }
    for (const frame of frames) this.queue.push(frame);
    this.pump();
  }

  private pump(): void {
    while (this.queue.length > 0 && this.inFlight < this.options.maxInFlight && !this.closing) this.start(this.queue.shift()!);
    this.updateReading();
  }

  private start(frame: Buffer): void {
    this.inFlight++;
    this.dispatch(frame, this).then(
      ({ frame: response, close }) => {
        if (response) this.write(response);
        if (close) this.shutdown();
      },
      (err: unknown) => this.log.error({ connection: this.id, err }, 'dispatch failed'),
    ).finally(() => {
      this.inFlight--;
      if (this.inFlight === 0) this.notifyIdle();
      this.pump();
    });
  }

  private write(frame: Buffer): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    if (!this.socket.write(frame)) {
      this.writeBlocked = true;
      this.updateReading();
    }
  }

  private updateReading(): void {
    if (this.lingerTimer) return;
    const pause = this.closing || this.writeBlocked || this.inFlight >= this.options.maxInFlight || this.queue.length > 0;
    if (pause && !this.paused) this.socket.pause();
    else if (!pause && this.paused) this.socket.resume();
    this.paused = pause;
  }

  private refuseOversizedFrame(err: FrameTooLargeError): void {
    this.log.warn({ connection: this.id, remoteAddress: this.remoteAddress, size: err.size, max: err.max }, 'frame too large; closing the connection');
    this.write(encodeResponseFrame(0, new Uint8Array(0), ErrorCode.INVALID_REQUEST, err.message));
    this.shutdown();
  }

  /** Stops serving now: sends what was written, then ends the connection. */
  private shutdown(): void {
    this.closing = true;
    this.queue.length = 0;
    this.endSocket();
  }

  private endSocket(): void {
    if (this.socket.destroyed || this.lingerTimer) return;
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
