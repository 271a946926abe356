import { describe, expect, it } from 'vitest';
import { encodeFrame, FrameDecoder, FrameTooLargeError } from '../../../protocol/framing.js';

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
