import { describe, expect, it } from 'vitest';
import { DirectFrameReader, encodeFrame, FrameDecoder, FrameTooLargeError } from '../../../protocol/framing.js';

const bodies = [Buffer.from('a'), Buffer.alloc(0), Buffer.from('hello frames'), Buffer.alloc(70_000, 7)];
const stream = Buffer.concat(bodies.map(encodeFrame));
// Buffer.equals, not deep equality: comparing 70 kB byte by byte in the matcher is slow.
const sameFrames = (frames: Buffer[]) =>
  frames.length === bodies.length && frames.every((f, i) => f.equals(bodies[i]!));

describe('FrameDecoder', () => {
  it('decodes frames fed one byte at a time', () => {
    const decoder = new FrameDecoder();
    const out: Buffer[] = [];
    for (let i = 0; i < stream.length; i++) out.push(...decoder.push(stream.subarray(i, i + 1)));
    expect(sameFrames(out)).toBe(true);
    expect(decoder.pendingBytes).toBe(0);
  });

  it('decodes many frames from one chunk', () => {
    expect(sameFrames(new FrameDecoder().push(stream))).toBe(true);
  });

  it('decodes frames split at every possible point', () => {
    for (let cut = 0; cut <= stream.length; cut += 97) {
      const decoder = new FrameDecoder();
      const out = [...decoder.push(stream.subarray(0, cut)), ...decoder.push(stream.subarray(cut))];
      expect(sameFrames(out)).toBe(true);
    }
  });

  it('holds an incomplete frame until the rest arrives', () => {
    const decoder = new FrameDecoder();
    const frame = encodeFrame(Buffer.from('partial'));
    expect(decoder.push(frame.subarray(0, 6))).toEqual([]);
    expect(decoder.pendingBytes).toBe(6);
    expect(decoder.push(frame.subarray(6))).toEqual([Buffer.from('partial')]);
  });

  it('rejects a frame over the maximum from its length prefix alone', () => {
    const decoder = new FrameDecoder(16);
    const header = Buffer.alloc(4);
    header.writeUInt32BE(17);
    expect(() => decoder.push(header)).toThrow(FrameTooLargeError);
    expect(new FrameDecoder(16).push(encodeFrame(Buffer.alloc(16)))).toHaveLength(1);
  });
});

describe('DirectFrameReader', () => {
  const big = Buffer.alloc(300_000);
  for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
  const all = [...bodies, big, Buffer.from('after'), Buffer.alloc(65_536, 3)];
  const bytes = Buffer.concat(all.map(encodeFrame));

  /** Plays the socket: each read fills at most `readSize` bytes of the buffer the reader hands out. */
  function readAll(reader: DirectFrameReader, readSize: (i: number) => number): Buffer[] {
    const frames: Buffer[] = [];
    let at = 0;
    for (let i = 0; at < bytes.length; i++) {
      const target = reader.nextBuffer();
      const n = Math.min(target.length, readSize(i), bytes.length - at);
      bytes.copy(target, 0, at, at + n);
      at += n;
      frames.push(...reader.onRead(n, target));
    }
    return frames;
  }

  it('returns the frames whatever the read sizes, large ones read in place', () => {
    for (const size of [1, 3, 4, 5, 1000, 65_536, 1_000_000]) {
      const frames = readAll(new DirectFrameReader(), () => size);
      expect(frames.length, `reads of ${size}`).toBe(all.length);
      frames.forEach((frame, i) => expect(frame.equals(all[i]!), `reads of ${size}, frame ${i}`).toBe(true));
    }
    const sizes = [17, 4096, 1, 70_000, 3, 65_536];
    const frames = readAll(new DirectFrameReader(), (i) => sizes[i % sizes.length]!);
    frames.forEach((frame, i) => expect(frame.equals(all[i]!)).toBe(true));
  });

  it('hands out the large frame itself, so the socket fills it without a copy', () => {
    const reader = new DirectFrameReader();
    const head = encodeFrame(big).subarray(0, 1000);
    const scratch = reader.nextBuffer();
    head.copy(scratch);
    expect(reader.onRead(head.length, scratch)).toEqual([]);
    const target = reader.nextBuffer();
    expect(target).not.toBe(scratch);
    expect(target.length).toBe(big.length - (1000 - 4));
    big.copy(target, 0, 1000 - 4);
    const [frame] = reader.onRead(target.length, target);
    expect(frame!.buffer).toBe(target.buffer);
    expect(frame!.equals(big)).toBe(true);
  });

  it('refuses a frame over the limit before allocating it', () => {
    const reader = new DirectFrameReader(1000);
    const scratch = reader.nextBuffer();
    scratch.writeUInt32BE(1001, 0);
    expect(() => reader.onRead(4, scratch)).toThrow(FrameTooLargeError);
  });
});
