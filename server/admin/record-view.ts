// Keys, values and headers of peeked records as JSON: UTF-8 text when printable, else base64.

export interface BytesView {
  encoding: 'utf8' | 'base64';
  data: string;
}

const decoder = new TextDecoder('utf-8', { fatal: true });
// Control characters other than tab, newline and carriage return make text unprintable.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

export function viewBytes(bytes: Uint8Array | null): BytesView | null {
  if (bytes === null) return null;
  // Empty values are common (header flags); skip the decoder for them.
  if (bytes.length === 0) return { encoding: 'utf8', data: '' };
  try {
    const text = decoder.decode(bytes);
    if (!CONTROL.test(text)) return { encoding: 'utf8', data: text };
  } catch {
    // not UTF-8
  }
  return { encoding: 'base64', data: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64') };
}
