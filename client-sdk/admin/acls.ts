// ACL management with KafkaJS's shapes: createAcls({ acl }), describeAcls(filter) grouped by
// resource, deleteAcls({ filters }). Values are Kafka's numbers (AclResourceTypes, ...).
import { AclOperationTypes, AclPermissionTypes, AclResourceTypes, ResourcePatternTypes } from '../../protocol/acl.js';
import type { AclBinding as WireBinding, AclBindingFilter as WireFilter } from '../../protocol/messages.js';
import { MinibrokerAggregateError, MinibrokerInvalidArgumentError, MinibrokerProtocolError } from '../errors.js';
import type { Cluster } from '../network/cluster.js';

export interface AclEntry {
  resourceType: number;
  resourceName: string;
  resourcePatternType: number;
  principal: string;
  host: string;
  operation: number;
  permissionType: number;
}

/** Absent or null strings match any value; ANY (and MATCH for the pattern type) match every number. */
export interface AclFilter {
  resourceType: number;
  resourceName?: string | null;
  resourcePatternType: number;
  principal?: string | null;
  host?: string | null;
  operation: number;
  permissionType: number;
}

export interface DescribeAclResource {
  resourceType: number;
  resourceName: string;
  resourcePatternType: number;
  acls: { principal: string; host: string; operation: number; permissionType: number }[];
}

const isNumberIn = (table: Record<string, number>, v: unknown) => Object.values(table).includes(v as number);

function checkNumbers(what: string, entry: AclFilter | AclEntry): void {
  const checks: [string, Record<string, number>, unknown][] = [
    ['resourceType', AclResourceTypes, entry.resourceType],
    ['resourcePatternType', ResourcePatternTypes, entry.resourcePatternType],
    ['operation', AclOperationTypes, entry.operation],
    ['permissionType', AclPermissionTypes, entry.permissionType],
  ];
  for (const [field, table, value] of checks)
    if (!isNumberIn(table, value))
      throw new MinibrokerInvalidArgumentError(`${what}: ${field} must be one of ${JSON.stringify(table)}`);
}

const toWire = (e: AclEntry): WireBinding => ({
  resourceType: e.resourceType,
  resourceName: e.resourceName,
  patternType: e.resourcePatternType,
  principal: e.principal,
  host: e.host,
  operation: e.operation,
  permissionType: e.permissionType,
});

const fromWire = (b: WireBinding): AclEntry => ({
  resourceType: b.resourceType,
  resourceName: b.resourceName,
  resourcePatternType: b.patternType,
  principal: b.principal,
  host: b.host,
  operation: b.operation,
  permissionType: b.permissionType,
});

function filterToWire(f: AclFilter): WireFilter {
  checkNumbers('ACL filter', f);
  return {
    resourceType: f.resourceType,
    resourceName: f.resourceName ?? null,
    patternType: f.resourcePatternType,
    principal: f.principal ?? null,
    host: f.host ?? null,
    operation: f.operation,
    permissionType: f.permissionType,
  };
}

export async function createAcls(cluster: Cluster, { acl }: { acl: AclEntry[] }): Promise<boolean> {
  if (!Array.isArray(acl) || acl.length === 0)
    throw new MinibrokerInvalidArgumentError('createAcls needs a non-empty acl array');
  for (const entry of acl) {
    checkNumbers('ACL', entry);
    for (const field of ['resourceName', 'principal', 'host'] as const)
      if (typeof entry[field] !== 'string' || entry[field] === '')
        throw new MinibrokerInvalidArgumentError(`ACL: ${field} must be a non-empty string`);
  }
  const response = await cluster.retrier(async () =>
    (await cluster.anyConnection()).request('CreateAcls', { creations: acl.map(toWire) }),
  );
  const errors = response.results
    .map((r, i) =>
      r.errorCode === 0 ? undefined : new MinibrokerProtocolError(r.errorCode, `ACL ${i}: ${r.errorMessage}`),
    )
    .filter((e) => e !== undefined);
  const [first] = errors;
  if (errors.length === 1 && first) throw first;
  if (errors.length > 1) throw new MinibrokerAggregateError('createAcls failed', errors);
  return true;
}

export async function describeAcls(
  cluster: Cluster,
  filter: AclFilter,
): Promise<{ errorCode: number; errorMessage: string | null; resources: DescribeAclResource[] }> {
  const wire = filterToWire(filter);
  const response = await cluster.retrier(async () =>
    (await cluster.anyConnection()).request('DescribeAcls', { filter: wire }),
  );
  if (response.errorCode !== 0) throw new MinibrokerProtocolError(response.errorCode, response.errorMessage);
  const resources = new Map<string, DescribeAclResource>();
  for (const b of response.acls) {
    const key = JSON.stringify([b.resourceType, b.resourceName, b.patternType]);
    let resource = resources.get(key);
    if (!resource) {
      resource = {
        resourceType: b.resourceType,
        resourceName: b.resourceName,
        resourcePatternType: b.patternType,
        acls: [],
      };
      resources.set(key, resource);
    }
    resource.acls.push({
      principal: b.principal,
      host: b.host,
      operation: b.operation,
      permissionType: b.permissionType,
    });
  }
  return { errorCode: 0, errorMessage: null, resources: [...resources.values()] };
}

export async function deleteAcls(
  cluster: Cluster,
  { filters }: { filters: AclFilter[] },
): Promise<{
  filterResponses: {
    errorCode: number;
    errorMessage: string | null;
    matchingAcls: (AclEntry & { errorCode: number; errorMessage: string | null })[];
  }[];
}> {
  if (!Array.isArray(filters) || filters.length === 0)
    throw new MinibrokerInvalidArgumentError('deleteAcls needs a non-empty filters array');
  const wire = filters.map(filterToWire);
  const response = await cluster.retrier(async () =>
    (await cluster.anyConnection()).request('DeleteAcls', { filters: wire }),
  );
  const failed = response.filterResults.find((r) => r.errorCode !== 0);
  if (failed) throw new MinibrokerProtocolError(failed.errorCode, failed.errorMessage);
  return {
    filterResponses: response.filterResults.map((r) => ({
      errorCode: 0,
      errorMessage: null,
      matchingAcls: r.matchingAcls.map((b) => ({ ...fromWire(b), errorCode: 0, errorMessage: null })),
    })),
  };
}
