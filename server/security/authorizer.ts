// Who may do what, Kafka's way: super users may do everything; otherwise the ACLs that cover
// the resource and name the principal (or User:*) and the client's host (or *) decide: a DENY
// for the operation (or ALL) wins over any ALLOW; without an ALLOW the answer is no. DESCRIBE is
// implied by READ, WRITE, DELETE and ALTER. A broker without users authorizes everything.
// The Kafka-protocol front end asks the same Authorizer, one call per resource.
import {
  AclOperationTypes as Op,
  AclPermissionTypes as Permission,
  AclResourceTypes,
  type AclOperation,
  type AclResourceType,
} from '../../protocol/acl.js';
import type { AclBinding, AclBindingFilter } from '../../protocol/messages.js';
import type { Logger } from '../logger.js';
import type { AclStore } from '../storage/acl-store.js';
import { filterMatches, patternCovers } from './acl-match.js';

export interface Authorizer {
  authorize(
    principal: string,
    operation: AclOperation,
    resourceType: AclResourceType,
    resourceName: string,
    host?: string,
  ): boolean;
}

const IMPLIES_DESCRIBE = new Set<number>([Op.DESCRIBE, Op.READ, Op.WRITE, Op.DELETE, Op.ALTER, Op.ALL]);

export interface AclAuthorizerOptions {
  store: AclStore;
  /** false (no users configured): every request is authorized. */
  enabled: boolean;
  /** Names (alice) or principals (User:alice) allowed everything. */
  superUsers: readonly string[];
  log: Logger;
}

export class AclAuthorizer implements Authorizer {
  private bindings: AclBinding[];
  private readonly superUsers: Set<string>;

  constructor(private readonly options: AclAuthorizerOptions) {
    this.bindings = options.store.all();
    this.superUsers = new Set(options.superUsers.map((u) => (u.startsWith('User:') ? u : `User:${u}`)));
  }

  get enabled(): boolean {
    return this.options.enabled;
  }

  authorize(
    principal: string,
    operation: AclOperation,
    resourceType: AclResourceType,
    resourceName: string,
    host = '*',
  ): boolean {
    if (!this.options.enabled || this.superUsers.has(principal)) return true;
    const type = AclResourceTypes[resourceType];
    const op = Op[operation];
    const applicable = this.bindings.filter(
      (b) =>
        b.resourceType === type &&
        (b.principal === principal || b.principal === 'User:*') &&
        (b.host === '*' || b.host === host) &&
        patternCovers(b, resourceName),
    );
    const denied = applicable.some(
      (b) => b.permissionType === Permission.DENY && (b.operation === op || b.operation === Op.ALL),
    );
    const allowed =
      !denied &&
      applicable.some(
        (b) =>
          b.permissionType === Permission.ALLOW &&
          (b.operation === op || b.operation === Op.ALL || (op === Op.DESCRIBE && IMPLIES_DESCRIBE.has(b.operation))),
      );
    if (!allowed)
      this.options.log.debug({ principal, operation, resourceType, resourceName, host, denied }, 'not authorized');
    return allowed;
  }

  list(filter: AclBindingFilter): AclBinding[] {
    return this.bindings.filter((b) => filterMatches(filter, b));
  }

  add(bindings: readonly AclBinding[]): void {
    this.options.store.add(bindings);
    this.bindings = this.options.store.all();
  }

  /** Removes what each filter selects; returns the removed bindings per filter. */
  remove(filters: readonly AclBindingFilter[]): AclBinding[][] {
    const removed = filters.map((filter) => this.list(filter));
    this.options.store.remove(removed.flat());
    this.bindings = this.options.store.all();
    return removed;
  }
}
