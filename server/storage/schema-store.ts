// The schema registry's tables: schemas (one row per distinct schema, so its id is global and
// never reused), the references each schema makes, subject versions (soft-deleted ones flagged)
// and per-subject settings (the row with an empty subject holds the global ones).
import type { Database, Statement } from 'better-sqlite3';

/** The tables' migration; server/storage/migrations.ts applies it in order. */
export const SCHEMA_STORE_MIGRATION = `
  CREATE TABLE registry_schemas (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    schema_type TEXT NOT NULL,
    schema TEXT NOT NULL,
    fingerprint TEXT NOT NULL UNIQUE
  );
  CREATE TABLE registry_references (
    schema_id INTEGER NOT NULL REFERENCES registry_schemas (id),
    position INTEGER NOT NULL,
    name TEXT NOT NULL,
    subject TEXT NOT NULL,
    version INTEGER NOT NULL,
    PRIMARY KEY (schema_id, position)
  ) WITHOUT ROWID;
  CREATE INDEX registry_references_by_target ON registry_references (subject, version);
  CREATE TABLE registry_versions (
    subject TEXT NOT NULL,
    version INTEGER NOT NULL,
    schema_id INTEGER NOT NULL REFERENCES registry_schemas (id),
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (subject, version)
  ) WITHOUT ROWID;
  CREATE INDEX registry_versions_by_schema ON registry_versions (schema_id);
  CREATE TABLE registry_settings (
    subject TEXT PRIMARY KEY,
    compatibility TEXT,
    mode TEXT
  ) WITHOUT ROWID;
`;

export interface StoredReference {
  name: string;
  subject: string;
  version: number;
}

export interface StoredSchema {
  id: number;
  schemaType: string;
  schema: string;
  references: StoredReference[];
}

export interface StoredVersion {
  subject: string;
  version: number;
  schemaId: number;
  deleted: boolean;
}

export interface SubjectSettings {
  compatibility?: string;
  mode?: string;
}

/** The empty subject names the global settings (a real subject is never empty). */
export const GLOBAL_SETTINGS = '';

export interface SchemaStore {
  /** The id of the schema with this fingerprint, if it was ever stored. */
  findSchemaId(fingerprint: string): number | undefined;
  /** The id of the schema with this fingerprint, inserting it (and its references) when new, with `id` when given (imports). */
  schemaId(fingerprint: string, schema: Omit<StoredSchema, 'id'>, id?: number): number;
  schema(id: number): StoredSchema | undefined;
  /** Every version of one subject (or of all subjects), soft-deleted ones included, by subject and version. */
  versions(subject?: string): StoredVersion[];
  versionsOfSchema(id: number): StoredVersion[];
  addVersion(subject: string, version: number, schemaId: number): void;
  softDelete(subject: string, version: number): void;
  hardDelete(subject: string, version: number): void;
  /** Versions (soft-deleted included) whose schema references subject/version. */
  referencedBy(subject: string, version: number): StoredVersion[];
  settings(subject: string): SubjectSettings;
  setCompatibility(subject: string, level: string | undefined): void;
  setMode(subject: string, mode: string | undefined): void;
  /** Removes every subject version and setting; schemas keep their ids. */
  clear(): void;
  transaction<T>(fn: () => T): T;
}

interface VersionRow {
  subject: string;
  version: number;
  schemaId: number;
  deleted: number;
}

const VERSION_COLUMNS = 'subject, version, schema_id AS schemaId, deleted';

export class SqliteSchemaStore implements SchemaStore {
  private readonly findSchema: Statement;
  private readonly insertSchema: Statement;
  private readonly insertSchemaWithId: Statement;
  private readonly insertReference: Statement;
  private readonly selectSchema: Statement;
  private readonly selectReferences: Statement;
  private readonly selectVersions: Statement;
  private readonly selectAllVersions: Statement;
  private readonly selectVersionsOfSchema: Statement;
  private readonly insertVersion: Statement;
  private readonly markDeleted: Statement;
  private readonly removeVersion: Statement;
  private readonly selectReferencing: Statement;
  private readonly selectSettings: Statement;
  private readonly upsertCompatibility: Statement;
  private readonly upsertMode: Statement;
  private readonly pruneSettings: Statement;

  constructor(
    private readonly db: Database,
    private readonly onWrite: () => void = () => {},
  ) {
    this.findSchema = db.prepare('SELECT id FROM registry_schemas WHERE fingerprint = ?');
    this.insertSchema = db.prepare('INSERT INTO registry_schemas (schema_type, schema, fingerprint) VALUES (?, ?, ?)');
    this.insertSchemaWithId = db.prepare(
      'INSERT INTO registry_schemas (id, schema_type, schema, fingerprint) VALUES (?, ?, ?, ?)',
    );
    this.insertReference = db.prepare(
      'INSERT INTO registry_references (schema_id, position, name, subject, version) VALUES (?, ?, ?, ?, ?)',
    );
    this.selectSchema = db.prepare('SELECT id, schema_type AS schemaType, schema FROM registry_schemas WHERE id = ?');
    this.selectReferences = db.prepare(
      'SELECT name, subject, version FROM registry_references WHERE schema_id = ? ORDER BY position',
    );
    this.selectVersions = db.prepare(
      `SELECT ${VERSION_COLUMNS} FROM registry_versions WHERE subject = ? ORDER BY version`,
    );
    this.selectAllVersions = db.prepare(`SELECT ${VERSION_COLUMNS} FROM registry_versions ORDER BY subject, version`);
    this.selectVersionsOfSchema = db.prepare(
      `SELECT ${VERSION_COLUMNS} FROM registry_versions WHERE schema_id = ? ORDER BY subject, version`,
    );
    this.insertVersion = db.prepare('INSERT INTO registry_versions (subject, version, schema_id) VALUES (?, ?, ?)');
    this.markDeleted = db.prepare('UPDATE registry_versions SET deleted = 1 WHERE subject = ? AND version = ?');
    this.removeVersion = db.prepare('DELETE FROM registry_versions WHERE subject = ? AND version = ?');
    this.selectReferencing = db.prepare(
      `SELECT v.subject, v.version, v.schema_id AS schemaId, v.deleted FROM registry_references r
         JOIN registry_versions v ON v.schema_id = r.schema_id
        WHERE r.subject = ? AND r.version = ? ORDER BY v.subject, v.version`,
    );
    this.selectSettings = db.prepare('SELECT compatibility, mode FROM registry_settings WHERE subject = ?');
    this.upsertCompatibility = db.prepare(
      `INSERT INTO registry_settings (subject, compatibility) VALUES (?, ?)
       ON CONFLICT (subject) DO UPDATE SET compatibility = excluded.compatibility`,
    );
    this.upsertMode = db.prepare(
      `INSERT INTO registry_settings (subject, mode) VALUES (?, ?)
       ON CONFLICT (subject) DO UPDATE SET mode = excluded.mode`,
    );
    this.pruneSettings = db.prepare(
      'DELETE FROM registry_settings WHERE subject = ? AND compatibility IS NULL AND mode IS NULL',
    );
  }

  findSchemaId(fingerprint: string): number | undefined {
    return (this.findSchema.get(fingerprint) as { id: number } | undefined)?.id;
  }

  schemaId(fingerprint: string, schema: Omit<StoredSchema, 'id'>, given?: number): number {
    const found = this.findSchema.get(fingerprint) as { id: number } | undefined;
    if (found) return found.id;
    const inserted =
      given === undefined
        ? this.insertSchema.run(schema.schemaType, schema.schema, fingerprint)
        : this.insertSchemaWithId.run(given, schema.schemaType, schema.schema, fingerprint);
    const id = Number(inserted.lastInsertRowid);
    schema.references.forEach((ref, position) =>
      this.insertReference.run(id, position, ref.name, ref.subject, ref.version),
    );
    this.onWrite();
    return id;
  }

  schema(id: number): StoredSchema | undefined {
    const row = this.selectSchema.get(id) as Omit<StoredSchema, 'references'> | undefined;
    if (!row) return undefined;
    return { ...row, references: this.selectReferences.all(id) as StoredReference[] };
  }

  versions(subject?: string): StoredVersion[] {
    const rows = (
      subject === undefined ? this.selectAllVersions.all() : this.selectVersions.all(subject)
    ) as VersionRow[];
    return rows.map(toVersion);
  }

  versionsOfSchema(id: number): StoredVersion[] {
    return (this.selectVersionsOfSchema.all(id) as VersionRow[]).map(toVersion);
  }

  addVersion(subject: string, version: number, schemaId: number): void {
    this.insertVersion.run(subject, version, schemaId);
    this.onWrite();
  }

  softDelete(subject: string, version: number): void {
    this.markDeleted.run(subject, version);
    this.onWrite();
  }

  hardDelete(subject: string, version: number): void {
    this.removeVersion.run(subject, version);
    this.onWrite();
  }

  referencedBy(subject: string, version: number): StoredVersion[] {
    return (this.selectReferencing.all(subject, version) as VersionRow[]).map(toVersion);
  }

  settings(subject: string): SubjectSettings {
    const row = this.selectSettings.get(subject) as { compatibility: string | null; mode: string | null } | undefined;
    return {
      ...(row?.compatibility ? { compatibility: row.compatibility } : {}),
      ...(row?.mode ? { mode: row.mode } : {}),
    };
  }

  setCompatibility(subject: string, level: string | undefined): void {
    this.upsertCompatibility.run(subject, level ?? null);
    this.pruneSettings.run(subject);
    this.onWrite();
  }

  setMode(subject: string, mode: string | undefined): void {
    this.upsertMode.run(subject, mode ?? null);
    this.pruneSettings.run(subject);
    this.onWrite();
  }

  clear(): void {
    this.db.exec('DELETE FROM registry_versions; DELETE FROM registry_settings;');
    this.onWrite();
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }
}

function toVersion(row: VersionRow): StoredVersion {
  return { subject: row.subject, version: row.version, schemaId: row.schemaId, deleted: row.deleted === 1 };
}
