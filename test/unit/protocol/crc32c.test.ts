// CRC-32C: the native path and the JavaScript fallback agree with the standard check value and
// with each other on every length and offset (both sides of the switch-over size).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { crc32c, crc32cImplementation, crc32cJs } from '../../../protocol/crc32c.js';

describe('crc32c', () => {
  it('gives the standard check value ("123456789" → e3069283)', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32cJs(Buffer.from('123456789'))).toBe(0xe3069283);
  });

  it('uses the native implementation on this machine (prebuilt for linux x64)', () => {
    expect(crc32cImplementation).toBe('native');
  });

  it('native and JavaScript agree on random inputs, lengths and offsets, Buffers and Uint8Arrays', () => {
    const data = randomBytes(70_000);
    for (const length of [0, 1, 7, 8, 255, 256, 257, 1000, 16_384, 65_536]) {
      for (const start of [0, 3, 21]) {
        const end = start + length;
        expect(crc32c(data, start, end), `${length}@${start}`).toBe(crc32cJs(data, start, end));
        const view = new Uint8Array(data.buffer, data.byteOffset + 5, data.length - 5);
        expect(crc32c(view, start, end)).toBe(crc32cJs(view, start, end));
      }
    }
  });
});
