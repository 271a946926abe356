// SQLite page size: a new data folder gets NEW_DATABASE_PAGE_SIZE; a database made with 4 KiB
// pages (as brokers before it made them) still opens, serves and takes records, and keeps its
// page size until converted with the statements docs/operations.md gives.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { decodeRecordBatches, encodeRecordBatch } from '../../protocol/record-batch.js';
import { NEW_DATABASE_PAGE_SIZE } from '../../server/storage/database.js';
import { applyMigrations } from '../../server/storage/migrations.js';
import { useBrokerFixtures, type RawClient } from '../helpers/broker.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const fixtures = useBrokerFixtures();
const tempDir = useTempDirs('page-size');

/** The statements docs/operations.md gives for converting a stopped broker's database. */
const CONVERT_TO_NEW_PAGE_SIZE = `PRAGMA journal_mode = DELETE; PRAGMA page_size = ${NEW_DATABASE_PAGE_SIZE}; VACUUM; PRAGMA journal_mode = WAL;`;

function pageSizeOf(dataDir: string): number {
  const db = new Database(join(dataDir, 'minibroker.db'), { readonly: true, fileMustExist: true });
  try {
    return db.pragma('page_size', { simple: true }) as number;
  } finally {
    db.close();
  }
}

/** A database as a broker with 4 KiB pages left it: WAL mode, every migration applied, no topics yet. */
function makeOldDatabase(dataDir: string): void {
  const db = new Database(join(dataDir, 'minibroker.db'));
  db.pragma('page_size = 4096');
  db.pragma('journal_mode = WAL');
  applyMigrations(db);
  db.close();
}

async function produce(client: RawClient, values: string[]): Promise<void> {
  const records = encodeRecordBatch(values.map((value) => ({ key: value, value })));
  const r = await client.request('Produce', { acks: -1, topics: [{ name: 'pages', partitions: [{ records }] }] });
  expect(r.topics[0]!.partitions[0]!.errorCode).toBe(0);
}

async function fetchAll(client: RawClient): Promise<string[]> {
  const r = await client.request('Fetch', {
    maxBytes: 50_000_000,
    topics: [{ name: 'pages', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 50_000_000 }] }],
  });
  return decodeRecordBatches(r.topics[0]!.partitions[0]!.records).map((rec) => `${rec.offset}:${String(rec.value)}`);
}

/** Values large enough that each batch spans several 4 KiB pages (an overflow chain). */
const bigValues = (prefix: string) => Array.from({ length: 3 }, (_, i) => `${prefix}${i}-${'x'.repeat(5000)}`);
const offsetsOf = (values: string[], from: number) => values.map((v, i) => `${from + i}:${v}`);

describe('SQLite page size', () => {
  it('a new data folder gets the chosen page size', async () => {
    const dataDir = tempDir();
    const broker = await fixtures.broker({ dataDir });
    const client = await fixtures.client(broker);
    await produce(client, bigValues('a'));
    expect(await fetchAll(client)).toEqual(offsetsOf(bigValues('a'), 0));
    await broker.close();
    expect(pageSizeOf(dataDir)).toBe(NEW_DATABASE_PAGE_SIZE);
  });

  it('a database with 4 KiB pages still opens, keeps its records and its page size, and converts', async () => {
    const dataDir = tempDir();
    makeOldDatabase(dataDir);
    const first = await fixtures.broker({ dataDir });
    await produce(await fixtures.client(first), bigValues('a'));
    await first.close();
    expect(pageSizeOf(dataDir)).toBe(4096);

    const second = await fixtures.broker({ dataDir });
    const client = await fixtures.client(second);
    expect(await fetchAll(client)).toEqual(offsetsOf(bigValues('a'), 0));
    await produce(client, bigValues('b'));
    await second.close();
    expect(pageSizeOf(dataDir)).toBe(4096);

    // The documented conversion, with the broker stopped.
    const db = new Database(join(dataDir, 'minibroker.db'));
    db.exec(CONVERT_TO_NEW_PAGE_SIZE);
    db.close();
    expect(pageSizeOf(dataDir)).toBe(NEW_DATABASE_PAGE_SIZE);

    const third = await fixtures.broker({ dataDir });
    const after = await fixtures.client(third);
    expect(await fetchAll(after)).toEqual([...offsetsOf(bigValues('a'), 0), ...offsetsOf(bigValues('b'), 3)]);
    await produce(after, ['c']);
    expect((await fetchAll(after)).at(-1)).toBe('6:c');
  });
});
