// The schema registry's SQLite store over an in-memory database: one row per distinct schema (ids
// never reused), references, versions with soft-delete flags, and settings rows that go away
// once empty.
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { applyMigrations } from '../../../server/storage/migrations.js';
import { GLOBAL_SETTINGS, SqliteSchemaStore } from '../../../server/storage/schema-store.js';

let db: Database.Database;
let store: SqliteSchemaStore;
let writes: number;
beforeEach(() => {
  db = new Database(':memory:');
  applyMigrations(db);
  writes = 0;
  store = new SqliteSchemaStore(db, () => writes++);
});

const schema = (text: string, references: { name: string; subject: string; version: number }[] = []) => ({
  schemaType: 'AVRO',
  schema: text,
  references,
});

describe('SqliteSchemaStore', () => {
  it('gives one id per fingerprint and keeps references in order', () => {
    const a = store.schemaId('fa', schema('"int"'));
    expect(store.schemaId('fa', schema('"int"'))).toBe(a);
    const refs = [
      { name: 'X', subject: 'x', version: 1 },
      { name: 'Y', subject: 'y', version: 2 },
    ];
    const b = store.schemaId('fb', schema('"X"', refs));
    expect(b).toBe(a + 1);
    expect(store.findSchemaId('fb')).toBe(b);
    expect(store.findSchemaId('nope')).toBeUndefined();
    expect(store.schema(b)).toEqual({ id: b, schemaType: 'AVRO', schema: '"X"', references: refs });
    expect(writes).toBe(2);
  });

  it('never reuses an id, even after every version that used it is gone', () => {
    const a = store.schemaId('fa', schema('"int"'));
    store.addVersion('s', 1, a);
    store.softDelete('s', 1);
    store.hardDelete('s', 1);
    store.clear();
    expect(store.schemaId('fb', schema('"long"'))).toBe(a + 1);
    expect(store.schemaId('fa', schema('"int"'))).toBe(a);
  });

  it('lists versions per subject and per schema, with soft-delete flags, and who references a version', () => {
    const a = store.schemaId('fa', schema('"int"'));
    const b = store.schemaId('fb', schema('"X"', [{ name: 'X', subject: 's', version: 1 }]));
    store.addVersion('s', 1, a);
    store.addVersion('t', 1, a);
    store.addVersion('u', 1, b);
    store.softDelete('t', 1);
    expect(store.versions('s')).toEqual([{ subject: 's', version: 1, schemaId: a, deleted: false }]);
    expect(store.versionsOfSchema(a).map((v) => [v.subject, v.deleted])).toEqual([
      ['s', false],
      ['t', true],
    ]);
    expect(store.versions().map((v) => v.subject)).toEqual(['s', 't', 'u']);
    expect(store.referencedBy('s', 1)).toEqual([{ subject: 'u', version: 1, schemaId: b, deleted: false }]);
  });

  it('keeps settings per subject and drops a row once it holds nothing', () => {
    store.setCompatibility(GLOBAL_SETTINGS, 'FULL');
    store.setMode('s', 'READONLY');
    store.setCompatibility('s', 'NONE');
    expect(store.settings('s')).toEqual({ compatibility: 'NONE', mode: 'READONLY' });
    store.setMode('s', undefined);
    expect(store.settings('s')).toEqual({ compatibility: 'NONE' });
    store.setCompatibility('s', undefined);
    expect(db.prepare('SELECT COUNT(*) AS n FROM registry_settings').get()).toEqual({ n: 1 });
    store.clear();
    expect(store.settings(GLOBAL_SETTINGS)).toEqual({});
  });
});
