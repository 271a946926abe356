import Database from 'better-sqlite3';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import {
  AclOperationTypes as Op,
  AclPermissionTypes as Permission,
  AclResourceTypes as Resource,
  ResourcePatternTypes as Pattern,
} from '../../../../protocol/acl.js';
import type { AclBinding } from '../../../../protocol/messages.js';
import { bindingProblem, filterMatches } from '../../../../server/security/acl-match.js';
import { AclAuthorizer } from '../../../../server/security/authorizer.js';
import { ACL_STORE_MIGRATION, SqliteAclStore } from '../../../../server/storage/acl-store.js';

function binding(over: Partial<AclBinding> = {}): AclBinding {
  return {
    resourceType: Resource.TOPIC,
    resourceName: 'orders',
    patternType: Pattern.LITERAL,
    principal: 'User:bob',
    host: '*',
    operation: Op.WRITE,
    permissionType: Permission.ALLOW,
    ...over,
  };
}

function authorizer(bindings: AclBinding[], superUsers: string[] = [], enabled = true) {
  const db = new Database(':memory:');
  db.exec(ACL_STORE_MIGRATION);
  const store = new SqliteAclStore(db);
  store.add(bindings);
  return { db, authorizer: new AclAuthorizer({ store, enabled, superUsers, log: pino({ level: 'silent' }) }) };
}

describe('AclAuthorizer', () => {
  it('allows what an ALLOW names, and nothing else (no ACL means no)', () => {
    const { authorizer: a } = authorizer([binding()]);
    expect(a.authorize('User:bob', 'WRITE', 'TOPIC', 'orders')).toBe(true);
    expect(a.authorize('User:bob', 'READ', 'TOPIC', 'orders')).toBe(false);
    expect(a.authorize('User:bob', 'WRITE', 'TOPIC', 'payments')).toBe(false);
    expect(a.authorize('User:carol', 'WRITE', 'TOPIC', 'orders')).toBe(false);
    expect(a.authorize('User:bob', 'WRITE', 'GROUP', 'orders')).toBe(false);
  });

  it('lets a DENY win over any ALLOW, ALL included', () => {
    const { authorizer: a } = authorizer([
      binding({ operation: Op.ALL, patternType: Pattern.PREFIXED, resourceName: 'ord' }),
      binding({ permissionType: Permission.DENY }),
    ]);
    expect(a.authorize('User:bob', 'WRITE', 'TOPIC', 'orders')).toBe(false);
    expect(a.authorize('User:bob', 'READ', 'TOPIC', 'orders')).toBe(true);
    expect(a.authorize('User:bob', 'WRITE', 'TOPIC', 'ordinal')).toBe(true);
  });

  it('matches PREFIXED names, the literal wildcard *, User:* and hosts', () => {
    const { authorizer: a } = authorizer([
      binding({ patternType: Pattern.PREFIXED, resourceName: 'team-a.' }),
      binding({ resourceType: Resource.GROUP, resourceName: '*', principal: 'User:*', operation: Op.READ }),
      binding({ resourceName: 'local-only', host: '127.0.0.1' }),
    ]);
    expect(a.authorize('User:bob', 'WRITE', 'TOPIC', 'team-a.orders')).toBe(true);
    expect(a.authorize('User:bob', 'WRITE', 'TOPIC', 'team-b.orders')).toBe(false);
    expect(a.authorize('User:anyone', 'READ', 'GROUP', 'any-group')).toBe(true);
    expect(a.authorize('User:bob', 'WRITE', 'TOPIC', 'local-only', '127.0.0.1')).toBe(true);
    expect(a.authorize('User:bob', 'WRITE', 'TOPIC', 'local-only', '10.0.0.9')).toBe(false);
  });

  it('implies DESCRIBE from READ, WRITE, DELETE and ALTER', () => {
    const { authorizer: a } = authorizer([binding()]);
    expect(a.authorize('User:bob', 'DESCRIBE', 'TOPIC', 'orders')).toBe(true);
    expect(a.authorize('User:bob', 'CREATE', 'TOPIC', 'orders')).toBe(false);
  });

  it('allows super users everything, by name or principal', () => {
    const { authorizer: a } = authorizer(
      [binding({ permissionType: Permission.DENY, principal: 'User:*' })],
      ['admin', 'User:root'],
    );
    expect(a.authorize('User:admin', 'WRITE', 'TOPIC', 'orders')).toBe(true);
    expect(a.authorize('User:root', 'ALTER', 'CLUSTER', 'kafka-cluster')).toBe(true);
    expect(a.authorize('User:bob', 'WRITE', 'TOPIC', 'orders')).toBe(false);
  });

  it('allows everything when disabled (a broker without users)', () => {
    expect(authorizer([], [], false).authorizer.authorize('User:ANONYMOUS', 'DELETE', 'TOPIC', 'x')).toBe(true);
  });

  it('stores ACLs once, and removes what filters select, per filter', () => {
    const { authorizer: a, db } = authorizer([]);
    a.add([binding(), binding(), binding({ resourceName: 'payments' })]);
    expect(
      a.list({
        resourceType: Resource.ANY,
        patternType: Pattern.ANY,
        operation: Op.ANY,
        permissionType: Permission.ANY,
      }),
    ).toHaveLength(2);
    const removed = a.remove([
      {
        resourceType: Resource.TOPIC,
        resourceName: 'orders',
        patternType: Pattern.LITERAL,
        operation: Op.ANY,
        permissionType: Permission.ANY,
      },
    ]);
    expect(removed).toEqual([[binding()]]);
    expect(new SqliteAclStore(db).all()).toEqual([binding({ resourceName: 'payments' })]);
  });
});

describe('ACL filters and validation', () => {
  const any = {
    resourceType: Resource.ANY,
    patternType: Pattern.ANY,
    operation: Op.ANY,
    permissionType: Permission.ANY,
  };

  it('MATCH selects the bindings that apply to a name; LITERAL only the exact one', () => {
    const prefixed = binding({ patternType: Pattern.PREFIXED, resourceName: 'ord' });
    expect(filterMatches({ ...any, patternType: Pattern.MATCH, resourceName: 'orders' }, prefixed)).toBe(true);
    expect(filterMatches({ ...any, patternType: Pattern.LITERAL, resourceName: 'orders' }, prefixed)).toBe(false);
    expect(filterMatches({ ...any, principal: 'User:carol' }, prefixed)).toBe(false);
    expect(filterMatches(any, prefixed)).toBe(true);
  });

  it.each([
    ['an unknown resource type', { resourceType: 9 }],
    ['pattern ANY', { patternType: Pattern.ANY }],
    ['an empty name', { resourceName: '' }],
    ['a principal without User:', { principal: 'bob' }],
    ['operation ANY', { operation: Op.ANY }],
    ['permission ANY', { permissionType: Permission.ANY }],
    ['a cluster named otherwise', { resourceType: Resource.CLUSTER, resourceName: 'c' }],
  ])('refuses %s', (_what, over) => {
    expect(bindingProblem(binding(over))).toBeDefined();
  });

  it('accepts a well-formed binding', () => {
    expect(bindingProblem(binding())).toBeUndefined();
  });
});

describe('the permission table', () => {
  it('has a row for every API the broker serves, so none is open or closed by accident', async () => {
    const { handlers } = await import('../../../../server/handlers/index.js');
    const { apiPermissions } = await import('../../../../server/security/api-permissions.js');
    expect(Object.keys(handlers).filter((api) => !(api in apiPermissions))).toEqual([]);
  });
});
