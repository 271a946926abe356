import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../protocol/errors.js';
import { decodeRecordBatches, encodeRecordBatch, readBaseOffset } from '../../../../protocol/record-batch.js';
import { coreFixture } from './core-fixture.js';

const batch = (values: string[], timestamp = 1000) =>
  encodeRecordBatch(values.map((v, i) => ({ value: v, timestamp: timestamp + i })));

let fixture: ReturnType<typeof coreFixture>;
afterEach(() => fixture?.close());

function logOf(options?: Parameters<typeof coreFixture>[0], partitions = 1) {
  fixture = coreFixture(options);
  const topic = fixture.topics.create('t', partitions);
  return topic.partitions[0]!;
}

describe('PartitionLog', () => {
  it('assigns offsets base + index and writes the base offset into the stored batch', async () => {
    const log = logOf();
    const original = batch(['a', 'b', 'c']);
    expect(await log.append(original, false)).toMatchObject({ baseOffset: 0, logEndOffset: 3, logStartOffset: 0 });
    const second = batch(['d', 'e']);
    expect(await log.append(second, false)).toMatchObject({ baseOffset: 3, logEndOffset: 5 });
    expect(readBaseOffset(second)).toBe(3); // not copied: the base offset is written into the caller's bytes
    const read = log.read(0, 1 << 20);
    expect(read.batches.map((b) => readBaseOffset(b))).toEqual([0, 3]);
    expect(decodeRecordBatches(Buffer.concat(read.batches)).map((r) => [r.offset, r.value?.toString()])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
      [3, 'd'],
      [4, 'e'],
    ]);
    expect(read.highWatermark).toBe(5);
  });

  it('keeps a stored batch as it was when the caller reuses its buffer once the append settled', async () => {
    const log = logOf();
    // Two batches in one buffer, as in a request frame; stored without a copy, then overwritten.
    const request = Buffer.concat([batch(['a', 'b']), batch(['c'])]);
    await log.append(request.subarray(0, request.length), false);
    const stored = Buffer.concat(log.read(0, 1 << 20).batches);
    expect(stored).toEqual(request); // base offsets 0 and 2 written in place before storing
    request.fill(0xee);
    const again = Buffer.concat(log.read(0, 1 << 20).batches);
    expect(again).toEqual(stored);
    expect(decodeRecordBatches(again).map((r) => [r.offset, r.value?.toString()])).toEqual([
      [0, 'a'],
      [1, 'b'],
      [2, 'c'],
    ]);
  });

  it('writes appends queued in one event-loop turn in one transaction, in order', async () => {
    const log = logOf();
    const results = await Promise.all([
      log.append(batch(['a']), false),
      log.append(batch(['b', 'c']), false),
      log.append(batch(['d']), true),
    ]);
    expect(results.map((r) => r.baseOffset)).toEqual([0, 1, 3]);
    expect(fixture.commits).toBe(1);
  });

  it('stores several batches sent together all-or-nothing', async () => {
    const log = logOf();
    const good = batch(['a', 'b']);
    const bad = batch(['c']);
    bad[bad.length - 1]! ^= 0xff;
    await expect(log.append(Buffer.concat([good, bad]), false)).rejects.toMatchObject({
      code: ErrorCode.CORRUPT_MESSAGE,
    });
    expect(log.logEndOffset).toBe(0);
    expect((await log.append(Buffer.concat([good, batch(['c'])]), false)).baseOffset).toBe(0);
    expect(log.logEndOffset).toBe(3);
  });

  it('refuses a batch over the size limit with MESSAGE_TOO_LARGE', async () => {
    const log = logOf({ maxBatchBytes: 200 });
    await expect(log.append(batch(['x'.repeat(300)]), false)).rejects.toMatchObject({
      code: ErrorCode.MESSAGE_TOO_LARGE,
    });
    expect(log.logEndOffset).toBe(0);
  });

  it('reads from the batch holding the offset, within the byte limit but at least one batch', async () => {
    const log = logOf();
    for (let i = 0; i < 5; i++) await log.append(batch([`${i}`.repeat(100), 'y']), false);
    const one = log.read(3, 1); // offset 3 sits in the batch [2, 3]
    expect(one.batches).toHaveLength(1);
    expect(readBaseOffset(one.batches[0]!)).toBe(2);
    const size = one.bytes;
    expect(log.read(3, size * 2).batches).toHaveLength(2);
    expect(log.read(3, size * 2 + 1).batches).toHaveLength(2);
    expect(log.read(0, 1 << 20).batches).toHaveLength(5);
  });

  it('returns nothing at the log end and OFFSET_OUT_OF_RANGE beyond it or below the start', async () => {
    const log = logOf();
    await log.append(batch(['a']), false);
    expect(log.read(1, 1000).batches).toEqual([]);
    for (const offset of [2, -1, Number.NaN, 2 ** 60]) {
      expect(() => log.read(offset, 1000)).toThrowError(
        expect.objectContaining({ code: ErrorCode.OFFSET_OUT_OF_RANGE }),
      );
    }
  });

  it('finds offsets by timestamp: the first record at or after it, else the log end', async () => {
    const log = logOf();
    await log.append(batch(['a', 'b', 'c'], 1000), false); // 1000..1002
    await log.append(batch(['d', 'e'], 2000), false); // 2000..2001
    expect(log.offsetForTimestamp(0)).toEqual({ offset: 0, timestamp: 1000 });
    expect(log.offsetForTimestamp(1001)).toEqual({ offset: 1, timestamp: 1001 });
    expect(log.offsetForTimestamp(1500)).toEqual({ offset: 3, timestamp: 2000 });
    expect(log.offsetForTimestamp(2001)).toEqual({ offset: 4, timestamp: 2001 });
    expect(log.offsetForTimestamp(5000)).toEqual({ offset: 5, timestamp: -1 });
  });

  it('keeps start, end and size when the registry is rebuilt from storage', async () => {
    const log = logOf();
    await log.append(batch(['a', 'b']), false);
    await log.append(batch(['c']), false);
    const { TopicRegistry } = await import('../../../../server/core/topic-registry.js');
    const { SqliteLogStore } = await import('../../../../server/storage/log-store.js');
    const { SqliteTopicStore } = await import('../../../../server/storage/topic-store.js');
    const db = fixture.database.db;
    const reloaded = new TopicRegistry({
      topicStore: new SqliteTopicStore(db),
      logStore: new SqliteLogStore(db, false),
      sink: fixture.appendBatcher,
      transact: (fn) => db.transaction(fn)(),
      maxBatchBytes: 1 << 20,
      defaultPartitions: 1,
      autoCreateTopics: true,
    });
    const again = reloaded.get('t')!.partitions[0]!;
    expect([again.logStartOffset, again.logEndOffset, again.sizeBytes]).toEqual([0, 3, log.sizeBytes]);
  });
});

describe('retention', () => {
  it('deletes whole batches older than retention.ms but never the last one', async () => {
    fixture = coreFixture({ retentionMs: 1000 });
    const log = fixture.topics.create('t').partitions[0]!;
    await log.append(batch(['a', 'b'], 100), false);
    await log.append(batch(['c'], 500), false);
    await log.append(batch(['d'], 900), false);
    fixture.clock.now = 1600; // cutoff 600: the first two batches are expired
    expect(fixture.retention.run()).toBe(1);
    expect([log.logStartOffset, log.logEndOffset]).toEqual([3, 4]);
    expect(() => log.read(0, 100)).toThrowError(expect.objectContaining({ code: ErrorCode.OFFSET_OUT_OF_RANGE }));
    fixture.clock.now = 100_000; // everything expired: the active last batch stays
    fixture.retention.run();
    expect([log.logStartOffset, log.logEndOffset]).toEqual([3, 4]);
    expect(log.offsetForTimestamp(0).offset).toBe(3);
  });

  it('deletes the oldest batches beyond retention.bytes, per topic config', async () => {
    fixture = coreFixture();
    const log = fixture.topics.create('t', 1, { 'retention.bytes': '200' }).partitions[0]!;
    const kept = fixture.topics.create('u').partitions[0]!;
    for (let i = 0; i < 4; i++) {
      await log.append(batch(['x'.repeat(50)]), false);
      await kept.append(batch(['x'.repeat(50)]), false);
    }
    const batchBytes = log.sizeBytes / 4;
    expect(batchBytes).toBeGreaterThan(100);
    fixture.retention.run();
    expect(log.logStartOffset).toBe(3);
    expect(log.sizeBytes).toBe(batchBytes);
    expect(kept.logStartOffset).toBe(0);
  });

  it('rejects invalid retention configs with INVALID_CONFIG', () => {
    fixture = coreFixture();
    for (const configs of <Record<string, string>[]>[
      { 'retention.ms': 'soon' },
      { 'retention.bytes': '-5' },
      { 'cleanup.policy': 'compact' },
    ]) {
      expect(() => fixture.topics.create('t', 1, configs)).toThrowError(
        expect.objectContaining({ code: ErrorCode.INVALID_CONFIG }),
      );
    }
  });
});

describe('Fetcher', () => {
  it('parks until an append brings minBytes, then returns the new batch', async () => {
    fixture = coreFixture();
    const log = fixture.topics.create('t').partitions[0]!;
    const pending = fixture.fetcher.fetch([{ topic: 't', partition: 0, offset: 0, maxBytes: 1 << 20 }], {
      minBytes: 1,
      maxBytes: 1 << 20,
      maxWaitMs: 10_000,
    });
    expect(fixture.waiters.size).toBe(1);
    await log.append(batch(['hello']), false);
    const [result] = await pending;
    expect(decodeRecordBatches(Buffer.concat(result!.batches))[0]!.value!.toString()).toBe('hello');
    expect(fixture.waiters.size).toBe(0);
  });

  it('answers parked fetches at once on release', async () => {
    fixture = coreFixture();
    fixture.topics.create('t');
    const pending = fixture.fetcher.fetch([{ topic: 't', partition: 0, offset: 0, maxBytes: 100 }], {
      minBytes: 1,
      maxBytes: 100,
      maxWaitMs: 60_000,
    });
    fixture.waiters.releaseAll();
    expect((await pending)[0]).toMatchObject({ errorCode: 0, batches: [] });
  });
});
