// Frames: a 4-byte big-endian length, then the body. FrameDecoder is a pure incremental
// decoder: bytes in (split anywhere), whole frame bodies out, in order.

export const FRAME_HEADER_BYTES = 4;
/** Default largest frame body accepted, as Kafka's socket.request.max.bytes (100 MiB). */
export const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024;

export function encodeFrame(body: Uint8Array): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + body.length);
  frame.writeUInt32BE(body.length, 0);
  frame.set(body, FRAME_HEADER_BYTES);
  return frame;
}

export class FrameTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly max: number,
  ) {
    super(`frame of ${size} bytes exceeds the maximum of ${max} bytes`);
    this.name = 'FrameTooLargeError';
  }
}

export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private expected = -1;

  /** May change between pushes (the broker allows less before a connection authenticates). */
  constructor(public maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /** Feeds bytes; returns the frame bodies completed by them. Throws FrameTooLargeError. */
  push(chunk: Buffer): Buffer[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Buffer[] = [];
    for (;;) {
      if (this.expected < 0) {
        if (this.buffered < FRAME_HEADER_BYTES) break;
        const size = this.peekLength();
        if (size > this.maxFrameBytes) throw new FrameTooLargeError(size, this.maxFrameBytes);
        this.consume(FRAME_HEADER_BYTES);
        this.expected = size;
      }
      if (this.buffered < this.expected) break;
      frames.push(this.consume(this.expected));
      this.expected = -1;
    }
    return frames;
  }

  /** Bytes received that do not yet form a whole frame (a consumed length prefix included). */
  get pendingBytes(): number {
    return this.buffered + (this.expected >= 0 ? FRAME_HEADER_BYTES : 0);
  }

  private peekLength(): number {
    const first = this.chunks[0]!;
    if (first.length >= FRAME_HEADER_BYTES) return first.readUInt32BE(0);
    return this.copy(FRAME_HEADER_BYTES, false).readUInt32BE(0);
  }

  private consume(n: number): Buffer {
    return this.copy(n, true);
  }

  /** Takes (or peeks) n bytes from the front; avoids a copy when one chunk holds them all. */
  private copy(n: number, remove: boolean): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) {
      const out = first.subarray(0, n);
      if (remove) {
        if (first.length === n) this.chunks.shift();
        else this.chunks[0] = first.subarray(n);
        this.buffered -= n;
      }
      return out;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    let index = 0;
    while (filled < n) {
      const chunk = this.chunks[index]!;
      const take = Math.min(chunk.length, n - filled);
      chunk.copy(out, filled, 0, take);
      filled += take;
      if (remove) {
        if (take === chunk.length) this.chunks.shift();
        else this.chunks[0] = chunk.subarray(take);
      } else index++;
    }
    if (remove) this.buffered -= n;
    return out;
  }
}

/** Frames at least this large are read straight into their own buffer, not through the scratch one. */
const DIRECT_READ_BYTES = 64 * 1024;
const SCRATCH_BYTES = 64 * 1024;

/**
 * A frame reader for sockets opened with `onread` (node:net reads into a buffer we hand it):
 * once a large frame's length is known, the socket reads the rest of it straight into the
 * frame's own buffer, allocated once at its size, so a multi-megabyte response is neither
 * gathered from 64 KiB chunks nor copied. Small frames and the bytes around them go through one
 * reused scratch buffer and are copied out (whatever decodes them may keep views of their bytes).
 */
export class DirectFrameReader {
  private readonly scratch = Buffer.allocUnsafe(SCRATCH_BYTES);
  private readonly header = Buffer.allocUnsafe(FRAME_HEADER_BYTES);
  private headerFilled = 0;
  private frame: Buffer | undefined;
  private filled = 0;

  constructor(public maxFrameBytes = DEFAULT_MAX_FRAME_BYTES) {}

  /** The buffer the socket should read into next (node:net's onread.buffer). */
  nextBuffer = (): Buffer => {
    const frame = this.frame;
    if (frame && frame.length - this.filled >= DIRECT_READ_BYTES) return frame.subarray(this.filled);
    return this.scratch;
  };

  /** `n` bytes were read into `buf` (from nextBuffer); returns the frame bodies completed. Throws FrameTooLargeError. */
  onRead(n: number, buf: Buffer): Buffer[] {
    if (buf !== this.scratch) {
      this.filled += n;
      return this.frame && this.filled === this.frame.length ? [this.takeFrame()] : [];
    }
    const frames: Buffer[] = [];
    let at = 0;
    while (at < n) {
      if (!this.frame) {
        const take = Math.min(FRAME_HEADER_BYTES - this.headerFilled, n - at);
        buf.copy(this.header, this.headerFilled, at, at + take);
        this.headerFilled += take;
        at += take;
        if (this.headerFilled < FRAME_HEADER_BYTES) break;
        const size = this.header.readUInt32BE(0);
        if (size > this.maxFrameBytes) throw new FrameTooLargeError(size, this.maxFrameBytes);
        this.frame = size >= DIRECT_READ_BYTES ? Buffer.allocUnsafeSlow(size) : Buffer.allocUnsafe(size);
        this.filled = 0;
      }
      const take = Math.min(this.frame.length - this.filled, n - at);
      buf.copy(this.frame, this.filled, at, at + take);
      this.filled += take;
      at += take;
      if (this.filled === this.frame.length) frames.push(this.takeFrame());
    }
    return frames;
  }

  private takeFrame(): Buffer {
    const frame = this.frame!;
    this.frame = undefined;
    this.headerFilled = 0;
    return frame;
  }
}
