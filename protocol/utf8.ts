// UTF-8 length and writing for the short strings of the produce hot path (keys, header names):
// below SHORT_STRING characters a plain loop beats Buffer's native calls, whose argument checks
// and crossing into C++ cost more than the copy; longer strings, and any with non-ASCII
// characters, go to Buffer's.
const SHORT_STRING = 64;

/** The UTF-8 byte length of `text`. */
export function utf8Length(text: string): number {
  const length = text.length;
  if (length > SHORT_STRING) return Buffer.byteLength(text);
  for (let i = 0; i < length; i++) if (text.charCodeAt(i) >= 0x80) return Buffer.byteLength(text);
  return length;
}

/** Writes `text` (whose utf8Length is `byteLength`) at `offset`; returns the offset after it. */
export function writeUtf8(buf: Buffer, offset: number, text: string, byteLength: number): number {
  if (byteLength !== text.length || byteLength > SHORT_STRING) {
    buf.write(text, offset, byteLength, 'utf8');
    return offset + byteLength;
  }
  for (let i = 0; i < byteLength; i++) buf[offset + i] = text.charCodeAt(i);
  return offset + byteLength;
}
