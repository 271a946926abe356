// The schema registry's behaviour, as Confluent's registry defines it, over a SchemaStore:
// registering (one global id per distinct schema, a new version per subject only when the schema
// is new there and compatible), lookups, soft then permanent deletes, compatibility levels and
// modes. Every method is synchronous and throws RegistryError with Confluent's codes.
import { createHash } from 'node:crypto';
import type { SchemaStore, StoredSchema, StoredVersion } from '../storage/schema-store.js';
import { compatibilityIssues, type CompatibilityLevel } from './compatibility.js';
import {
  incompatibleSchema,
  invalidSchema,
  invalidVersion,
  operationNotPermitted,
  referenceExists,
  schemaNotFound,
  subjectNotFound,
  subjectNotSoftDeleted,
  subjectSoftDeleted,
  versionNotFound,
  versionNotSoftDeleted,
  versionSoftDeleted,
} from './registry-error.js';
import type { ResolvedReference, SchemaReference, SchemaType } from './schema-format.js';
import { SCHEMA_FORMATS } from './schema-formats.js';
import { RegistrySettings } from './registry-settings.js';
import { parseSchemaRequest } from './schema-request.js';

/** A schema by id, as GET /schemas/ids/{id} answers (schemaType left out for AVRO, as Confluent does). */
export interface SchemaInfo {
  schema: string;
  schemaType?: SchemaType;
  references?: SchemaReference[];
}

/** A subject's version, as GET /subjects/{s}/versions/{v} answers. */
export interface SubjectSchema extends SchemaInfo {
  subject: string;
  version: number;
  id: number;
}

export interface ParsedById {
  schemaType: SchemaType;
  parsed: unknown;
}

interface Candidate {
  id?: number;
  version?: number;
  schemaType: SchemaType;
  canonical: string;
  references: SchemaReference[];
  fingerprint: string;
  parsed: unknown;
}

const MAX_REFERENCE_DEPTH = 32;

export class SchemaRegistry {
  /** Parsed schemas by id: a stored schema never changes, so entries never go stale. */
  private readonly parsedCache = new Map<number, ParsedById>();

  /** Compatibility levels and modes, per subject and global. */
  readonly settings: RegistrySettings;

  constructor(private readonly store: SchemaStore) {
    this.settings = new RegistrySettings(store);
  }

  // Subjects and versions.

  subjects(options: { deleted?: boolean; prefix?: string } = {}): string[] {
    const names = new Set<string>();
    for (const row of this.store.versions()) {
      if ((options.deleted || !row.deleted) && row.subject.startsWith(options.prefix ?? '')) names.add(row.subject);
    }
    return [...names];
  }

  versions(subject: string, options: { deleted?: boolean } = {}): number[] {
    const rows = this.visibleVersions(subject, options.deleted ?? false);
    if (rows.length === 0) throw subjectNotFound(subject);
    return rows.map((row) => row.version);
  }

  getVersion(subject: string, version: string, options: { deleted?: boolean } = {}): SubjectSchema {
    const row = this.findVersion(subject, version, options.deleted ?? false);
    return this.describe(row);
  }

  /** The ids of the schemas that reference this version. */
  referencedBy(subject: string, version: string): number[] {
    const row = this.findVersion(subject, version, false);
    return [...new Set(this.store.referencedBy(subject, row.version).map((r) => r.schemaId))];
  }

  // Schemas by id.

  schemaById(id: number): SchemaInfo {
    return this.info(this.storedSchema(id));
  }

  subjectsOfSchema(id: number, options: { deleted?: boolean } = {}): string[] {
    this.storedSchema(id);
    const rows = this.store.versionsOfSchema(id).filter((row) => options.deleted || !row.deleted);
    return [...new Set(rows.map((row) => row.subject))];
  }

  versionsOfSchema(id: number, options: { deleted?: boolean } = {}): { subject: string; version: number }[] {
    this.storedSchema(id);
    return this.store
      .versionsOfSchema(id)
      .filter((row) => options.deleted || !row.deleted)
      .map(({ subject, version }) => ({ subject, version }));
  }

  /** The parsed schema behind an id (for decoding values); undefined when no version uses it. */
  parsedById(id: number): ParsedById | undefined {
    const cached = this.parsedCache.get(id);
    if (cached) return cached;
    const stored = this.store.schema(id);
    if (!stored || this.store.versionsOfSchema(id).length === 0) return undefined;
    const schemaType = stored.schemaType as SchemaType;
    const parsed = SCHEMA_FORMATS[schemaType].parse(stored.schema, this.resolveReferences(stored.references));
    const entry = { schemaType, parsed };
    this.parsedCache.set(id, entry);
    return entry;
  }

  // Registering and looking up.

  register(subject: string, body: unknown): { id: number } {
    this.checkWritable(subject);
    const candidate = this.candidate(body);
    const importing = this.settings.mode(subject, true) === 'IMPORT';
    if (!importing && (candidate.id !== undefined || candidate.version !== undefined))
      throw operationNotPermitted(`Subject ${subject} is not in import mode: an id or version cannot be given`);
    return this.store.transaction(() => {
      const rows = this.store.versions(subject);
      const knownId = this.store.findSchemaId(candidate.fingerprint);
      if (importing) return this.importVersion(subject, candidate, knownId, rows);
      const existing = rows.find((row) => !row.deleted && row.schemaId === knownId);
      if (existing) return { id: existing.schemaId };
      const issues = this.issuesAgainst(subject, candidate, undefined);
      if (issues.length > 0) throw incompatibleSchema(subject, issues);
      const id = this.store.schemaId(candidate.fingerprint, {
        schemaType: candidate.schemaType,
        schema: candidate.canonical,
        references: candidate.references,
      });
      const next = (rows.at(-1)?.version ?? 0) + 1;
      this.store.addVersion(subject, next, id);
      return { id };
    });
  }

  /**
   * IMPORT mode (copying another registry): the id and version may be given, compatibility is not
   * checked. An id keeps its schema: giving it to another schema, or another id to a known schema, is refused.
   */
  private importVersion(subject: string, candidate: Candidate, knownId: number | undefined, rows: StoredVersion[]) {
    const id = candidate.id ?? knownId;
    if (id !== undefined && knownId !== undefined && id !== knownId)
      throw operationNotPermitted(`The schema is already registered with id ${knownId}, not ${id}`);
    if (id !== undefined && knownId === undefined && this.store.schema(id))
      throw operationNotPermitted(`Overwrite new schema with id ${id} is not permitted.`);
    const version = candidate.version ?? (rows.at(-1)?.version ?? 0) + 1;
    const same = rows.find((row) => row.version === version);
    if (same) {
      if (same.schemaId === id) return { id: same.schemaId };
      throw operationNotPermitted(`Version ${version} of subject ${subject} already holds schema ${same.schemaId}`);
    }
    const stored = this.store.schemaId(
      candidate.fingerprint,
      { schemaType: candidate.schemaType, schema: candidate.canonical, references: candidate.references },
      id,
    );
    this.store.addVersion(subject, version, stored);
    return { id: stored };
  }

  /** POST /subjects/{s}: the version of this subject holding this schema. */
  lookup(subject: string, body: unknown, options: { deleted?: boolean } = {}): SubjectSchema {
    const rows = this.visibleVersions(subject, options.deleted ?? false);
    if (rows.length === 0) throw subjectNotFound(subject);
    const candidate = this.candidate(body);
    const id = this.store.findSchemaId(candidate.fingerprint);
    const row = rows.filter((r) => r.schemaId === id).at(-1);
    if (!row) throw schemaNotFound();
    return this.describe(row);
  }

  /** POST /compatibility/subjects/{s}/versions[/{v}]: without a version, every version the level asks for. */
  testCompatibility(subject: string, version: string | undefined, body: unknown): string[] {
    const candidate = this.candidate(body);
    if (version === undefined) return this.issuesAgainst(subject, candidate, undefined);
    if (isLatest(version) && this.visibleVersions(subject, false).length === 0) return [];
    const row = this.findVersion(subject, version, false);
    return this.issuesAgainst(subject, candidate, row);
  }

  // Deletes: soft first, then permanent; a version another schema references stays.

  deleteSubject(subject: string, permanent: boolean): number[] {
    this.checkWritable(subject);
    return this.store.transaction(() => {
      const rows = this.store.versions(subject);
      if (rows.length === 0) throw subjectNotFound(subject);
      const live = rows.filter((row) => !row.deleted);
      if (permanent && live.length > 0) throw subjectNotSoftDeleted(subject);
      if (!permanent && live.length === 0) throw subjectSoftDeleted(subject);
      const targets = permanent ? rows : live;
      for (const row of targets) this.checkNotReferenced(row);
      for (const row of targets) {
        if (permanent) this.store.hardDelete(subject, row.version);
        else this.store.softDelete(subject, row.version);
      }
      if (permanent) {
        this.store.setCompatibility(subject, undefined);
        this.store.setMode(subject, undefined);
      }
      return targets.map((row) => row.version);
    });
  }

  deleteVersion(subject: string, version: string, permanent: boolean): number {
    this.checkWritable(subject);
    return this.store.transaction(() => {
      // A soft delete of "latest" means the latest live version; a number may name a deleted one (40406).
      const row = this.findVersion(subject, version, permanent || !isLatest(version));
      if (permanent && !row.deleted) throw versionNotSoftDeleted(subject, row.version);
      if (!permanent && row.deleted) throw versionSoftDeleted(subject, row.version);
      this.checkNotReferenced(row);
      if (permanent) this.store.hardDelete(subject, row.version);
      else this.store.softDelete(subject, row.version);
      return row.version;
    });
  }

  /** Forgets every subject and setting (the testing kit's reset); ids already given stay taken. */
  clear(): void {
    this.store.clear();
  }

  // Internals.

  private checkWritable(subject: string): void {
    if (this.settings.mode(subject, true) === 'READONLY')
      throw operationNotPermitted(`Subject ${subject} is in read-only mode`);
  }

  private visibleVersions(subject: string, deleted: boolean): StoredVersion[] {
    return this.store.versions(subject).filter((row) => deleted || !row.deleted);
  }

  /** A version by number or "latest"/-1: 40401, 42202 or 40402 when there is none. */
  private findVersion(subject: string, version: string, deleted: boolean): StoredVersion {
    const all = this.store.versions(subject);
    if (all.length === 0 || (!deleted && all.every((row) => row.deleted))) throw subjectNotFound(subject);
    const rows = deleted ? all : all.filter((row) => !row.deleted);
    if (isLatest(version)) return rows.at(-1)!;
    if (!/^[1-9][0-9]{0,9}$/.test(version) || Number(version) > 2 ** 31 - 1) throw invalidVersion(version);
    const found = rows.find((row) => row.version === Number(version));
    if (!found) throw versionNotFound(subject, version);
    return found;
  }

  private storedSchema(id: number): StoredSchema {
    const stored = Number.isSafeInteger(id) ? this.store.schema(id) : undefined;
    // An id only exists while some version (soft-deleted or not) uses it.
    if (!stored || this.store.versionsOfSchema(id).length === 0) throw schemaNotFound(`Schema ${id} not found`);
    return stored;
  }

  private info(stored: StoredSchema): SchemaInfo {
    return {
      schema: stored.schema,
      ...(stored.schemaType === 'AVRO' ? {} : { schemaType: stored.schemaType as SchemaType }),
      ...(stored.references.length > 0 ? { references: stored.references } : {}),
    };
  }

  private describe(row: StoredVersion): SubjectSchema {
    const stored = this.store.schema(row.schemaId)!;
    return { subject: row.subject, version: row.version, id: row.schemaId, ...this.info(stored) };
  }

  /** Validates and parses a request's schema, with its references pinned to concrete versions. */
  private candidate(body: unknown): Candidate {
    const request = parseSchemaRequest(body);
    const format = SCHEMA_FORMATS[request.schemaType];
    const references = request.references.map((ref) => ({ ...ref, version: this.referencedVersion(ref).version }));
    let parsed: unknown;
    let canonical: string;
    try {
      parsed = format.parse(request.schema, this.resolveReferences(references));
      canonical = format.canonical(request.schema);
    } catch (err) {
      throw invalidSchema(err instanceof Error ? err.message : String(err));
    }
    const fingerprint = createHash('sha256')
      .update(JSON.stringify([request.schemaType, canonical, references]))
      .digest('hex');
    return {
      ...(request.id !== undefined ? { id: request.id } : {}),
      ...(request.version !== undefined ? { version: request.version } : {}),
      schemaType: request.schemaType,
      canonical,
      references,
      fingerprint,
      parsed,
    };
  }

  private referencedVersion(ref: SchemaReference): StoredVersion {
    const rows = this.visibleVersions(ref.subject, false);
    const row = ref.version === -1 ? rows.at(-1) : rows.find((r) => r.version === ref.version);
    if (!row)
      throw invalidSchema(`reference "${ref.name}" names ${ref.subject} version ${ref.version}, which does not exist`);
    return row;
  }

  /** The texts of the references and theirs, dependencies first, each once. */
  private resolveReferences(references: readonly SchemaReference[]): ResolvedReference[] {
    const resolved: ResolvedReference[] = [];
    const seen = new Set<string>();
    const visit = (refs: readonly SchemaReference[], depth: number) => {
      if (depth > MAX_REFERENCE_DEPTH) throw invalidSchema(`references nest deeper than ${MAX_REFERENCE_DEPTH}`);
      for (const ref of refs) {
        if (seen.has(ref.name)) continue;
        seen.add(ref.name);
        const row = this.store.versions(ref.subject).find((r) => r.version === ref.version);
        const stored = row ? this.store.schema(row.schemaId) : undefined;
        if (!stored) throw invalidSchema(`reference "${ref.name}" (${ref.subject} version ${ref.version}) is gone`);
        visit(stored.references, depth + 1);
        resolved.push({ name: ref.name, schema: stored.schema });
      }
    };
    visit(references, 0);
    return resolved;
  }

  /** Checks against one given version, or the versions the subject's level names. */
  private issuesAgainst(subject: string, candidate: Candidate, only: StoredVersion | undefined): string[] {
    const level = this.settings.compatibility(subject, true);
    const rows = only ? [only] : this.visibleVersions(subject, false);
    const previous = rows.map((row) => this.parsedById(row.schemaId)!);
    const checked: ParsedById = { schemaType: candidate.schemaType, parsed: candidate.parsed };
    return compatibilityIssues(only ? baseLevel(level) : level, checked, previous, (reader, writer) =>
      SCHEMA_FORMATS[reader.schemaType].readIssues(reader.parsed, writer.parsed),
    );
  }

  private checkNotReferenced(row: StoredVersion): void {
    const users = this.store.referencedBy(row.subject, row.version).filter((user) => !user.deleted);
    if (users.length > 0) {
      throw referenceExists(
        `One or more references exist to the schema {subject=${row.subject},version=${row.version}} (used by ${users.map((u) => `${u.subject} version ${u.version}`).join(', ')})`,
      );
    }
  }
}

function isLatest(version: string): boolean {
  return version === 'latest' || version === '-1';
}

/** Against one named version the transitive levels mean the same as the plain ones. */
function baseLevel(level: CompatibilityLevel): CompatibilityLevel {
  return level.replace('_TRANSITIVE', '') as CompatibilityLevel;
}
