// Numbered schema migrations: entry i brings the database to user_version i + 1. Append new
// entries at the end; never edit or reorder applied ones.
import type { Database } from 'better-sqlite3';
import { ACL_STORE_MIGRATION } from './acl-store.js';
import { OFFSET_STORE_MIGRATION } from './offset-store.js';
import { PARTITION_SUMMARY_MIGRATION } from './partition-summary.js';
import { SCHEMA_STORE_MIGRATION } from './schema-store.js';
import { PRODUCER_STATE_MIGRATION } from './producer-states.js';
import { TRANSACTION_STORE_MIGRATION } from './transaction-store.js';

export const migrations: string[] = [
  // 1: topics and their record batches.
  `
  CREATE TABLE topics (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    partition_count INTEGER NOT NULL,
    configs TEXT NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
  );
  -- data comes last so reading the other columns never touches the blob's overflow pages.
  CREATE TABLE record_batches (
    topic_id INTEGER NOT NULL,
    partition INTEGER NOT NULL,
    base_offset INTEGER NOT NULL,
    last_offset INTEGER NOT NULL,
    max_timestamp INTEGER NOT NULL,
    size INTEGER NOT NULL,
    data BLOB NOT NULL
  );
  CREATE UNIQUE INDEX record_batches_by_offset ON record_batches (topic_id, partition, last_offset);
  `,
  // 2: committed offsets of consumer groups (server/storage/offset-store.ts).
  OFFSET_STORE_MIGRATION,
  // 3: each partition's log start, end and size, so start-up does not read every batch.
  PARTITION_SUMMARY_MIGRATION,
  // 4: the schema registry's schemas, subject versions and settings (server/storage/schema-store.ts).
  SCHEMA_STORE_MIGRATION,
  // 5: ACLs (server/storage/acl-store.ts).
  ACL_STORE_MIGRATION,
  // 6: idempotent producers' sequences per partition, aborted transactions, the producer id counter.
  PRODUCER_STATE_MIGRATION,
  // 7: the transaction coordinator's state per transactional id.
  TRANSACTION_STORE_MIGRATION,
];

/** Applies the migrations the database has not seen yet, each in its own transaction. */
export function applyMigrations(db: Database, list: readonly string[] = migrations): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > list.length) {
    throw new Error(`database schema version ${current} is newer than this broker understands (${list.length})`);
  }
  for (let version = current; version < list.length; version++) {
    db.transaction(() => {
      db.exec(list[version]!);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}
