// Topic metadata in SQLite: name, partition count and configs (JSON).
import type { Database, Statement } from 'better-sqlite3';

export interface TopicRow {
  id: number;
  name: string;
  partitionCount: number;
  configs: Record<string, string>;
}

export interface TopicStore {
  /** Inserts the topic and returns its id (ids are never reused). */
  create(name: string, partitionCount: number, configs: Record<string, string>): number;
  setPartitionCount(id: number, partitionCount: number): void;
  setConfigs(id: number, configs: Record<string, string>): void;
  delete(id: number): void;
  all(): TopicRow[];
}

export class SqliteTopicStore implements TopicStore {
  private readonly insert: Statement;
  private readonly updateCount: Statement;
  private readonly updateConfigs: Statement;
  private readonly remove: Statement;
  private readonly list: Statement;

  constructor(db: Database) {
    this.insert = db.prepare('INSERT INTO topics (name, partition_count, configs, created_at) VALUES (?, ?, ?, ?)');
    this.updateCount = db.prepare('UPDATE topics SET partition_count = ? WHERE id = ?');
    this.updateConfigs = db.prepare('UPDATE topics SET configs = ? WHERE id = ?');
    this.remove = db.prepare('DELETE FROM topics WHERE id = ?');
    this.list = db.prepare('SELECT id, name, partition_count AS partitionCount, configs FROM topics ORDER BY id');
  }

  create(name: string, partitionCount: number, configs: Record<string, string>): number {
    return Number(this.insert.run(name, partitionCount, JSON.stringify(configs), Date.now()).lastInsertRowid);
  }

  setPartitionCount(id: number, partitionCount: number): void {
    this.updateCount.run(partitionCount, id);
  }

  setConfigs(id: number, configs: Record<string, string>): void {
    this.updateConfigs.run(JSON.stringify(configs), id);
  }

  delete(id: number): void {
    this.remove.run(id);
  }

  all(): TopicRow[] {
    return (this.list.all() as (Omit<TopicRow, 'configs'> & { configs: string })[]).map((row) => ({
      ...row,
      configs: JSON.parse(row.configs) as Record<string, string>,
    }));
  }
}
