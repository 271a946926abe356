import { describe, expect, it } from 'vitest';
import { crc32c } from '../../../protocol/crc32c.js';
import { ErrorCode, ProtocolError } from '../../../protocol/errors.js';
import {
  BATCH_HEADER_BYTES,
  decodeRecordBatches,
  encodeRecordBatch,
  inspectBatches,
  readBaseOffset,
  setBaseOffset,
} from '../../../protocol/record-batch.js';

function codeOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof ProtocolError ? err.code : undefined;
  }
  return undefined;
}

describe('crc32c', () => {
  it('matches the published check value', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
  });

  it('agrees between the 8-byte and the byte-wise paths', () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31) & 0xff));
    for (const len of [1, 7, 8, 9, 63, 64, 999]) {
      let bytewise = 0xffffffff;
      for (const byte of data.subarray(0, len)) {
        bytewise ^= byte;
        for (let k = 0; k < 8; k++) bytewise = bytewise & 1 ? (bytewise >>> 1) ^ 0x82f63b78 : bytewise >>> 1;
      }
      expect(crc32c(data, 0, len)).toBe((bytewise ^ 0xffffffff) >>> 0);
    }
  });
});

describe('record batches', () => {
  const records = [
    { key: 'k1', value: 'v1', headers: { trace: 'abc', multi: ['x', Buffer.from('y')] }, timestamp: 1_700_000_000_500 },
    { key: null, value: Buffer.from([0, 1, 2]), timestamp: 1_700_000_000_000 },
    { value: null, timestamp: 1_700_000_001_000 },
    { key: 'big', value: Buffer.alloc(5000, 1) },
  ];

  it('round-trips keys, values, headers, timestamps and offsets', () => {
    const batch = encodeRecordBatch(records, 1_700_000_002_000);
    setBaseOffset(batch, 1234);
    expect(readBaseOffset(batch)).toBe(1234);
    const decoded = decodeRecordBatches(batch);
    expect(decoded.map((r) => r.offset)).toEqual([1234, 1235, 1236, 1237]);
    expect(decoded[0]!.key!.toString()).toBe('k1');
    expect(decoded[0]!.value!.toString()).toBe('v1');
    expect(decoded[0]!.headers.trace!.toString()).toBe('abc');
    expect((decoded[0]!.headers.multi as Buffer[]).map(String)).toEqual(['x', 'y']);
    expect(decoded[1]!.key).toBeNull();
    expect([...decoded[1]!.value!]).toEqual([0, 1, 2]);
    expect(decoded[2]!.value).toBeNull();
    expect(decoded.map((r) => r.timestamp)).toEqual([
      1_700_000_000_500, 1_700_000_000_000, 1_700_000_001_000, 1_700_000_002_000,
    ]);
  });

  it('writes strings as their UTF-8 bytes: the same batch as from Buffers', () => {
    const text = ['κλειδί-🔑', 'wert-ü', 'ヘッダー', ''];
    const asStrings = encodeRecordBatch([
      { key: text[0]!, value: text[1]!, headers: { 'név-ő': [text[2]!, text[3]!] }, timestamp: 5 },
      { key: '', value: 'x'.repeat(300), timestamp: 7 },
    ]);
    const asBuffers = encodeRecordBatch([
      {
        key: Buffer.from(text[0]!),
        value: Buffer.from(text[1]!),
        headers: { 'név-ő': [Buffer.from(text[2]!), Buffer.from(text[3]!)] },
        timestamp: 5,
      },
      { key: Buffer.alloc(0), value: Buffer.from('x'.repeat(300)), timestamp: 7 },
    ]);
    expect(asStrings.equals(asBuffers)).toBe(true);
    const [first, second] = decodeRecordBatches(asStrings);
    expect([first!.key!.toString(), first!.value!.toString()]).toEqual([text[0], text[1]]);
    expect((first!.headers['név-ő'] as Buffer[]).map(String)).toEqual([text[2], text[3]]);
    expect([second!.key!.length, second!.value!.length]).toEqual([0, 300]);
  });

  it('cuts small batches from shared memory without overlap; a large one gets its own', () => {
    const batches = Array.from({ length: 200 }, (_, i) =>
      encodeRecordBatch([{ key: `k${i}`, value: `value ${i} `.repeat(1 + (i % 50)) }], 1000 + i),
    );
    const decoded = batches.map((b) => decodeRecordBatches(b).map((r) => String(r.value)));
    expect(decoded).toEqual(batches.map((_, i) => [`value ${i} `.repeat(1 + (i % 50))]));
    expect(new Set(batches.map((b) => b.buffer)).size).toBeLessThan(batches.length);
    const large = encodeRecordBatch([{ value: Buffer.alloc(512 * 1024, 1) }]);
    expect(large.byteOffset).toBe(0);
    expect(large.buffer.byteLength).toBe(large.length);
    expect(decodeRecordBatches(batches[0]!).map((r) => String(r.value))).toEqual(decoded[0]);
  });

  it('keeps a header named __proto__ as data', () => {
    const batch = encodeRecordBatch([{ value: 'v', headers: { ['__proto__']: 'p', constructor: 'c' } }]);
    const [record] = decodeRecordBatches(batch);
    expect(Object.keys(record!.headers).sort()).toEqual(['__proto__', 'constructor']);
  });

  it("writes an idempotent or transactional producer's id, epoch and sequence into the header", () => {
    const batch = encodeRecordBatch(records.slice(0, 2), 0, {
      producerId: 42,
      producerEpoch: 3,
      baseSequence: 7,
      transactional: true,
    });
    expect(inspectBatches(batch, 1 << 20)[0]).toMatchObject({
      producerId: 42,
      producerEpoch: 3,
      baseSequence: 7,
      transactional: true,
      control: false,
    });
    expect(decodeRecordBatches(batch).map((r) => r.value?.toString())).toEqual(
      records.slice(0, 2).map((r) => r.value?.toString()),
    );
  });

  it('reports batch facts without decoding records', () => {
    const a = encodeRecordBatch(records.slice(0, 2));
    const b = encodeRecordBatch(records.slice(2, 3));
    const infos = inspectBatches(Buffer.concat([a, b]), 1 << 20);
    expect(infos).toEqual([
      {
        start: 0,
        end: a.length,
        recordCount: 2,
        lastOffsetDelta: 1,
        baseTimestamp: 1_700_000_000_500, // the first record's, as Kafka's producer writes it
        maxTimestamp: 1_700_000_000_500,
        producerId: -1,
        producerEpoch: -1,
        baseSequence: -1,
        transactional: false,
        control: false,
      },
      {
        start: a.length,
        end: a.length + b.length,
        recordCount: 1,
        lastOffsetDelta: 0,
        baseTimestamp: 1_700_000_001_000,
        maxTimestamp: 1_700_000_001_000,
        producerId: -1,
        producerEpoch: -1,
        baseSequence: -1,
        transactional: false,
        control: false,
      },
    ]);
  });

  it('leaves the checksum valid after the base offset is set', () => {
    const batch = encodeRecordBatch(records);
    setBaseOffset(batch, 2 ** 40);
    expect(() => inspectBatches(batch, 1 << 20)).not.toThrow();
  });

  it('rejects a flipped byte as CORRUPT_MESSAGE', () => {
    const batch = encodeRecordBatch(records);
    batch[BATCH_HEADER_BYTES + 5]! ^= 0xff;
    expect(codeOf(() => inspectBatches(batch, 1 << 20))).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(codeOf(() => decodeRecordBatches(batch))).toBe(ErrorCode.CORRUPT_MESSAGE);
  });

  it('rejects a record count that does not match the records', () => {
    const batch = encodeRecordBatch(records);
    batch.writeInt32BE(records.length + 1, 57);
    batch.writeInt32BE(records.length, 23);
    batch.writeUInt32BE(crc32c(batch, 21, batch.length), 17);
    expect(codeOf(() => inspectBatches(batch, 1 << 20))).toBe(ErrorCode.CORRUPT_MESSAGE);
  });

  it('rejects truncated and empty input', () => {
    const batch = encodeRecordBatch(records);
    expect(codeOf(() => inspectBatches(batch.subarray(0, batch.length - 1), 1 << 20))).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(codeOf(() => inspectBatches(batch.subarray(0, 20), 1 << 20))).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(codeOf(() => inspectBatches(Buffer.alloc(0), 1 << 20))).toBe(ErrorCode.CORRUPT_MESSAGE);
  });

  it('rejects a batch over the size limit as MESSAGE_TOO_LARGE', () => {
    const batch = encodeRecordBatch(records);
    expect(codeOf(() => inspectBatches(batch, batch.length - 1))).toBe(ErrorCode.MESSAGE_TOO_LARGE);
  });

  it('ignores a trailing partial batch when decoding fetched bytes', () => {
    const a = encodeRecordBatch([{ value: 'one' }]);
    const b = encodeRecordBatch([{ value: 'two' }]);
    setBaseOffset(b, 1);
    const decoded = decodeRecordBatches(Buffer.concat([a, b.subarray(0, b.length - 3)]));
    expect(decoded.map((r) => r.value!.toString())).toEqual(['one']);
  });

  it('refuses to encode an empty batch', () => {
    expect(() => encodeRecordBatch([])).toThrow(RangeError);
  });
});

describe('decoded keys and values', () => {
  it('are real Buffers sharing the fetched bytes, not copies', () => {
    const batch = encodeRecordBatch([{ value: 'hello world', timestamp: 1000 }]);
    // The batch sits inside a larger buffer, as a response's batches do.
    const response = Buffer.concat([Buffer.from('..'), batch]);
    const [record] = decodeRecordBatches(response.subarray(2));
    const view = record!.value!.subarray(6, 9);
    expect(Buffer.isBuffer(record!.value)).toBe(true);
    expect(view.toString()).toBe('wor');
    expect(record!.value!.constructor).toBe(Buffer);
    response[response.indexOf('world')] = 0x57; // 'W'
    expect(view.toString()).toBe('Wor');
    expect(view.subarray(1).toString()).toBe('or');
  });
});
