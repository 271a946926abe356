// ACLs in SQLite: one row per binding (Kafka's numbers), unique, so adding one twice keeps one.
// The authorizer holds them all in memory; this store is what survives a restart.
import type { Database } from 'better-sqlite3';
import type { AclBinding } from '../../protocol/messages.js';

/** The table's migration; server/storage/migrations.ts applies it in order. */
export const ACL_STORE_MIGRATION = `
  CREATE TABLE acls (
    resource_type INTEGER NOT NULL,
    resource_name TEXT NOT NULL,
    pattern_type INTEGER NOT NULL,
    principal TEXT NOT NULL,
    host TEXT NOT NULL,
    operation INTEGER NOT NULL,
    permission_type INTEGER NOT NULL,
    PRIMARY KEY (resource_type, resource_name, pattern_type, principal, host, operation, permission_type)
  ) WITHOUT ROWID;
`;

export interface AclStore {
  all(): AclBinding[];
  add(bindings: readonly AclBinding[]): void;
  remove(bindings: readonly AclBinding[]): void;
}

interface Row {
  resource_type: number;
  resource_name: string;
  pattern_type: number;
  principal: string;
  host: string;
  operation: number;
  permission_type: number;
}

export class SqliteAclStore implements AclStore {
  private readonly selectAll;
  private readonly insert;
  private readonly delete;

  constructor(
    private readonly db: Database,
    private readonly onWrite: () => void = () => {},
  ) {
    this.selectAll = db.prepare<[], Row>('SELECT * FROM acls');
    this.insert = db.prepare(
      `INSERT OR IGNORE INTO acls VALUES
       (@resourceType, @resourceName, @patternType, @principal, @host, @operation, @permissionType)`,
    );
    this.delete = db.prepare(
      `DELETE FROM acls WHERE resource_type = @resourceType AND resource_name = @resourceName
       AND pattern_type = @patternType AND principal = @principal AND host = @host
       AND operation = @operation AND permission_type = @permissionType`,
    );
  }

  all(): AclBinding[] {
    return this.selectAll.all().map((r) => ({
      resourceType: r.resource_type,
      resourceName: r.resource_name,
      patternType: r.pattern_type,
      principal: r.principal,
      host: r.host,
      operation: r.operation,
      permissionType: r.permission_type,
    }));
  }

  add(bindings: readonly AclBinding[]): void {
    this.db.transaction(() => bindings.forEach((b) => this.insert.run(b)))();
    this.onWrite();
  }

  remove(bindings: readonly AclBinding[]): void {
    this.db.transaction(() => bindings.forEach((b) => this.delete.run(b)))();
    this.onWrite();
  }
}
