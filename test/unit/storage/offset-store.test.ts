import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommittedOffsets } from '../../../server/groups/types.js';
import { OFFSET_STORE_MIGRATION, SqliteOffsetStore } from '../../../server/storage/offset-store.js';

function open(path = ':memory:') {
  const db = new Database(path);
  if ((db.pragma('user_version', { simple: true }) as number) === 0) {
    db.exec(OFFSET_STORE_MIGRATION);
    db.pragma('user_version = 1');
  }
  return { db, store: new SqliteOffsetStore(db) };
}

const row = (topic: string, partition: number, offset: number, commitTime = 1000, metadata = '') => ({
  topic,
  partition,
  offset,
  metadata,
  commitTime,
});

describe('SqliteOffsetStore', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("implements the coordinator's CommittedOffsets interface", () => {
    const store: CommittedOffsets = open().store;
    expect(store.groups()).toEqual([]);
  });

  it('upserts replace the previous value (compacted)', () => {
    const { store } = open();
    store.upsert('g', 't', 0, { offset: 5, metadata: 'a', commitTime: 1 });
    store.upsert('g', 't', 0, { offset: 7, metadata: 'b', commitTime: 2 });
    expect(store.fetch('g')).toEqual([{ topic: 't', partition: 0, offset: 7, metadata: 'b', commitTime: 2 }]);
  });

  it('batch upserts are one transaction: a failing row rolls back the batch', () => {
    const { store } = open();
    store.upsertMany('g', [row('t', 0, 1), row('t', 1, 2)]);
    expect(() =>
      store.upsertMany('g', [row('t', 0, 10), { ...row('t', 2, 3), offset: null as unknown as number }]),
    ).toThrow();
    expect(store.fetch('g').map((r) => r.offset)).toEqual([1, 2]);
  });

  it('fetches all of a group, or listed topics; keeps big offsets exact', () => {
    const { store } = open();
    store.upsertMany('g', [row('b', 1, 2 ** 40 + 1), row('a', 0, 3), row('b', 0, 4), row('__proto__', 0, 5)]);
    store.upsertMany('other', [row('a', 0, 99)]);
    expect(store.fetch('g').map((r) => `${r.topic}:${r.partition}`)).toEqual(['__proto__:0', 'a:0', 'b:0', 'b:1']);
    expect(store.fetch('g', ['b', 'missing']).map((r) => r.offset)).toEqual([4, 2 ** 40 + 1]);
    expect(store.fetch('g', [])).toEqual([]);
    expect(store.groups()).toEqual(['g', 'other']);
  });

  it('deletes a group, listed partitions, and expired offsets', () => {
    const { store } = open();
    store.upsertMany('g', [row('t', 0, 1, 100), row('t', 1, 1, 200), row('t', 2, 1, 300)]);
    store.upsertMany('h', [row('t', 0, 1, 100), row('u', 0, 1, 500)]);
    expect(
      store.deletePartitions('g', [
        { topic: 't', partition: 2 },
        { topic: 'x', partition: 0 },
      ]),
    ).toBe(1);
    expect(store.deleteCommittedBefore('g', 100)).toBe(1);
    expect(store.fetch('g').map((r) => r.partition)).toEqual([1]);
    expect(store.deleteExpired(200)).toBe(2);
    expect(store.groups()).toEqual(['h']);
    expect(store.deleteGroup('h')).toBe(1);
    expect(store.groups()).toEqual([]);
  });

  it("deletes a topic's offsets in every group", () => {
    const { store } = open();
    store.upsertMany('g', [row('t', 0, 1), row('t', 1, 2), row('u', 0, 3)]);
    store.upsertMany('h', [row('t', 0, 4)]);
    expect(store.deleteTopic('t')).toBe(3);
    expect(store.deleteTopic('t')).toBe(0);
    expect(store.fetch('g').map((r) => r.topic)).toEqual(['u']);
    expect(store.groups()).toEqual(['g']);
  });

  it('reports writes so the database can schedule checkpoints', () => {
    const db = new Database(':memory:');
    db.exec(OFFSET_STORE_MIGRATION);
    let writes = 0;
    const store = new SqliteOffsetStore(db, { onWrite: () => writes++ });
    store.upsertMany('g', [row('t', 0, 1)]);
    store.deleteGroup('nobody');
    store.deleteGroup('g');
    expect(writes).toBe(2);
  });

  it('committed offsets survive closing and reopening the database file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'offset-store-'));
    dirs.push(dir);
    const path = join(dir, 'offsets.db');
    const first = open(path);
    first.store.upsertMany('group', [row('t', 0, 42, 1234, 'meta'), row('t', 1, 7)]);
    first.db.close();
    const second = open(path);
    expect(second.store.fetch('group')).toEqual([row('t', 0, 42, 1234, 'meta'), row('t', 1, 7)]);
    expect(second.store.groups()).toEqual(['group']);
    second.db.close();
  });
});

describe('SqliteOffsetStore migration', () => {
  it("is the broker's migration 2", async () => {
    const { applyMigrations, migrations } = await import('../../../server/storage/migrations.js');
    expect(migrations[1]).toBe(OFFSET_STORE_MIGRATION);
    const db = new Database(':memory:');
    applyMigrations(db);
    const store = new SqliteOffsetStore(db);
    store.upsertMany('g', [row('t', 0, 1)]);
    expect(store.fetch('g')).toHaveLength(1);
  });
});
