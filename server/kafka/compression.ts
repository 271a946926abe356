// Kafka clients may compress record batches; this broker stores only uncompressed ones for now.
// A compressed batch is refused with Kafka's UNSUPPORTED_COMPRESSION_TYPE before any check or
// append, so the client is told why rather than that its batch is corrupt.

/** Where a v2 record batch keeps its length and its attributes (compression in the low 3 bits). */
const LENGTH_AT = 8;
const ATTRIBUTES_AT = 21;
const LOG_OVERHEAD = 12;
const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

/** The codec name of the first compressed batch in `records`, or undefined when none is. */
export function compressedCodec(records: Uint8Array): string | undefined {
  const view = Buffer.from(records.buffer, records.byteOffset, records.length);
  let at = 0;
  while (at + ATTRIBUTES_AT + 2 <= view.length) {
    const codec = view.readInt16BE(at + ATTRIBUTES_AT) & 0x07;
    if (codec !== 0) return CODECS[codec] ?? `codec ${codec}`;
    const length = view.readInt32BE(at + LENGTH_AT);
    // A bad length is the integrity checks' to refuse.
    if (length <= 0) return undefined;
    at += LOG_OVERHEAD + length;
  }
  return undefined;
}
