import { describe, expect, it } from 'vitest';
import { utf8Length, writeUtf8 } from '../../../protocol/utf8.js';

describe('utf8Length and writeUtf8', () => {
  const samples = ['', 'k', 'order-000000001', 'é', 'ключ', '🔑', 'a'.repeat(64), 'b'.repeat(65), 'x'.repeat(63) + 'ü'];

  it('agree with Buffer on the length and the bytes, short and long, ASCII or not', () => {
    for (const text of samples) {
      const length = utf8Length(text);
      expect(length, text).toBe(Buffer.byteLength(text));
      const buf = Buffer.alloc(length + 4, 0xee);
      expect(writeUtf8(buf, 2, text, length)).toBe(2 + length);
      expect(buf.subarray(2, 2 + length).equals(Buffer.from(text)), text).toBe(true);
      expect([buf[0], buf[1], buf[length + 2], buf[length + 3]]).toEqual([0xee, 0xee, 0xee, 0xee]);
    }
  });
});
