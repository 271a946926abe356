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
