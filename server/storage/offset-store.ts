// Committed offsets: the OffsetStore interface and its SQLite implementation. One row per
// group/topic/partition, replaced on every commit (a compacted store: the latest value wins,
// deleting leaves no row). One prepared statement per purpose.
import type { Database, Statement } from 'better-sqlite3';

/** The table's migration; server/storage/migrations.ts applies it in order. */
export const OFFSET_STORE_MIGRATION = `
  CREATE TABLE committed_offsets (
    group_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    partition INTEGER NOT NULL,
    committed_offset INTEGER NOT NULL,
    metadata TEXT NOT NULL DEFAULT '',
    commit_time INTEGER NOT NULL,
    PRIMARY KEY (group_id, topic, partition)
  ) WITHOUT ROWID;
  CREATE INDEX committed_offsets_by_time ON committed_offsets (commit_time);
`;

export interface CommittedOffset {
  offset: number;
  metadata: string;
  commitTime: number;
}

export interface OffsetRow extends CommittedOffset {
  topic: string;
  partition: number;
}

export interface OffsetStoreOptions {
  /** Called after each write that changed something (the database's checkpoint hook). */
  onWrite?: () => void;
}

/** Committed offsets by group, topic and partition; the latest commit of each wins. */
export interface OffsetStore {
  upsert(group: string, topic: string, partition: number, value: CommittedOffset): void;
  /** All rows in one transaction: a commit is stored whole or not at all. */
  upsertMany(group: string, rows: readonly OffsetRow[]): void;
  /** The group's offsets, all or of the listed topics, ordered by topic and partition. */
  fetch(group: string, topics?: readonly string[]): OffsetRow[];
  deleteGroup(group: string): number;
  deletePartitions(group: string, partitions: readonly { topic: string; partition: number }[]): number;
  /** Deletes the group's offsets committed at or before `cutoff`. */
  deleteCommittedBefore(group: string, cutoff: number): number;
  /** Deletes every group's offsets committed at or before `cutoff`. */
  deleteExpired(cutoff: number): number;
  /** Deletes every group's offsets of a topic: the topic was deleted (as Kafka does). */
  deleteTopic(topic: string): number;
  /** Groups that have at least one committed offset. */
  groups(): string[];
}

export class SqliteOffsetStore implements OffsetStore {
  private readonly upsertOne: Statement<[string, string, number, number, string, number]>;
  private readonly selectGroup: Statement<[string], OffsetRow>;
  private readonly selectTopic: Statement<[string, string], OffsetRow>;
  private readonly deleteAll: Statement<[string]>;
  private readonly deleteOne: Statement<[string, string, number]>;
  private readonly deleteGroupBefore: Statement<[string, number]>;
  private readonly deleteBefore: Statement<[number]>;
  private readonly deleteTopicRows: Statement<[string]>;
  private readonly selectGroups: Statement<[], { groupId: string }>;
  private readonly upsertBatch: (group: string, rows: readonly OffsetRow[]) => void;
  private readonly deleteBatch: (group: string, keys: readonly { topic: string; partition: number }[]) => number;
  private readonly onWrite: () => void;

  constructor(db: Database, options: OffsetStoreOptions = {}) {
    this.onWrite = options.onWrite ?? (() => {});
    const columns = 'topic, partition, committed_offset AS offset, metadata, commit_time AS commitTime';
    this.upsertOne = db.prepare(
      `INSERT INTO committed_offsets (group_id, topic, partition, committed_offset, metadata, commit_time) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (group_id, topic, partition) DO UPDATE SET
         committed_offset = excluded.committed_offset, metadata = excluded.metadata, commit_time = excluded.commit_time`,
    );
    this.selectGroup = db.prepare(
      `SELECT ${columns} FROM committed_offsets WHERE group_id = ? ORDER BY topic, partition`,
    );
    this.selectTopic = db.prepare(
      `SELECT ${columns} FROM committed_offsets WHERE group_id = ? AND topic = ? ORDER BY partition`,
    );
    this.deleteAll = db.prepare('DELETE FROM committed_offsets WHERE group_id = ?');
    this.deleteOne = db.prepare('DELETE FROM committed_offsets WHERE group_id = ? AND topic = ? AND partition = ?');
    this.deleteGroupBefore = db.prepare('DELETE FROM committed_offsets WHERE group_id = ? AND commit_time <= ?');
    this.deleteBefore = db.prepare('DELETE FROM committed_offsets WHERE commit_time <= ?');
    this.deleteTopicRows = db.prepare('DELETE FROM committed_offsets WHERE topic = ?');
    this.selectGroups = db.prepare('SELECT DISTINCT group_id AS groupId FROM committed_offsets ORDER BY group_id');
    this.upsertBatch = db.transaction((group: string, rows: readonly OffsetRow[]) => {
      for (const r of rows) this.upsertOne.run(group, r.topic, r.partition, r.offset, r.metadata, r.commitTime);
    });
    this.deleteBatch = db.transaction((group: string, keys: readonly { topic: string; partition: number }[]) => {
      let n = 0;
      for (const k of keys) n += this.deleteOne.run(group, k.topic, k.partition).changes;
      return n;
    });
  }

  upsert(group: string, topic: string, partition: number, value: CommittedOffset): void {
    this.upsertOne.run(group, topic, partition, value.offset, value.metadata, value.commitTime);
    this.onWrite();
  }

  /** All rows in one transaction: a commit is stored whole or not at all. */
  upsertMany(group: string, rows: readonly OffsetRow[]): void {
    if (rows.length === 0) return;
    this.upsertBatch(group, rows);
    this.onWrite();
  }

  /** The group's offsets, all or of the listed topics, ordered by topic and partition. */
  fetch(group: string, topics?: readonly string[]): OffsetRow[] {
    if (topics === undefined) return this.selectGroup.all(group);
    return [...new Set(topics)].sort().flatMap((topic) => this.selectTopic.all(group, topic));
  }

  deleteGroup(group: string): number {
    return this.changed(this.deleteAll.run(group).changes);
  }

  deletePartitions(group: string, partitions: readonly { topic: string; partition: number }[]): number {
    return partitions.length === 0 ? 0 : this.changed(this.deleteBatch(group, partitions));
  }

  /** Deletes the group's offsets committed at or before `cutoff`. */
  deleteCommittedBefore(group: string, cutoff: number): number {
    return this.changed(this.deleteGroupBefore.run(group, cutoff).changes);
  }

  /** Deletes every group's offsets committed at or before `cutoff`. */
  deleteExpired(cutoff: number): number {
    return this.changed(this.deleteBefore.run(cutoff).changes);
  }

  /** Deletes every group's offsets of a topic: the topic was deleted (as Kafka does). */
  deleteTopic(topic: string): number {
    return this.changed(this.deleteTopicRows.run(topic).changes);
  }

  /** Groups that have at least one committed offset. */
  groups(): string[] {
    return this.selectGroups.all().map((r) => r.groupId);
  }

  private changed(n: number): number {
    if (n > 0) this.onWrite();
    return n;
  }
}
