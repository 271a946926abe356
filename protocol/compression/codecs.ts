// The record-batch compression codecs, by Kafka's attribute numbers (the low three bits of a
// batch's attributes) and KafkaJS's names for them.
export const CompressionTypes = { None: 0, GZIP: 1, Snappy: 2, LZ4: 3, ZSTD: 4 } as const;
export type CompressionType = (typeof CompressionTypes)[keyof typeof CompressionTypes];

export const COMPRESSION_NAMES: Record<CompressionType, string> = {
  0: 'none',
  1: 'gzip',
  2: 'snappy',
  3: 'lz4',
  4: 'zstd',
};

export function isCompressionType(value: unknown): value is CompressionType {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 4;
}

/**
 * The most bytes a batch's records may decompress to. Kafka bounds only the compressed batch
 * (max.message.bytes); a bound on the other side keeps a small hostile batch from expanding into
 * gigabytes (a "zip bomb") on the broker or in a consumer.
 */
export const MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024;

/** Data that is not what its codec says, or that would decompress past the bound. */
export class CompressionError extends Error {}
