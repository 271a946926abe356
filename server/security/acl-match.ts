// Pure ACL logic, Kafka's rules: which bindings a filter selects, which bindings apply to a
// resource, and whether a binding is well-formed.
import {
  AclOperationTypes as Op,
  AclPermissionTypes as Permission,
  AclResourceTypes as Resource,
  CLUSTER_NAME,
  ResourcePatternTypes as Pattern,
} from '../../protocol/acl.js';
import type { AclBinding, AclBindingFilter } from '../../protocol/messages.js';

/** Does the binding's resource pattern cover this resource name? */
export function patternCovers(binding: AclBinding, name: string): boolean {
  if (binding.patternType === Pattern.LITERAL) return binding.resourceName === name || binding.resourceName === '*';
  if (binding.patternType === Pattern.PREFIXED) return name.startsWith(binding.resourceName);
  return false;
}

export function filterMatches(filter: AclBindingFilter, binding: AclBinding): boolean {
  if (filter.resourceType !== Resource.ANY && filter.resourceType !== binding.resourceType) return false;
  const name = filter.resourceName ?? null;
  if (filter.patternType === Pattern.MATCH) {
    if (name !== null && !patternCovers(binding, name)) return false;
  } else {
    if (filter.patternType !== Pattern.ANY && filter.patternType !== binding.patternType) return false;
    if (name !== null && name !== binding.resourceName) return false;
  }
  if ((filter.principal ?? null) !== null && filter.principal !== binding.principal) return false;
  if ((filter.host ?? null) !== null && filter.host !== binding.host) return false;
  if (filter.operation !== Op.ANY && filter.operation !== binding.operation) return false;
  return filter.permissionType === Permission.ANY || filter.permissionType === binding.permissionType;
}

const RESOURCE_TYPES = new Set<number>([Resource.TOPIC, Resource.GROUP, Resource.CLUSTER, Resource.TRANSACTIONAL_ID]);
const MAX_NAME_LENGTH = 1000;

/** Why the binding cannot be stored, or undefined when it can. */
export function bindingProblem(b: AclBinding): string | undefined {
  if (!RESOURCE_TYPES.has(b.resourceType))
    return `resource type ${b.resourceType} is not TOPIC, GROUP, CLUSTER or TRANSACTIONAL_ID`;
  if (b.patternType !== Pattern.LITERAL && b.patternType !== Pattern.PREFIXED)
    return `pattern type ${b.patternType} is not LITERAL or PREFIXED`;
  if (b.resourceName === '' || b.resourceName.length > MAX_NAME_LENGTH) return 'the resource name is empty or too long';
  if (b.resourceType === Resource.CLUSTER && (b.resourceName !== CLUSTER_NAME || b.patternType !== Pattern.LITERAL))
    return `the cluster resource is LITERAL "${CLUSTER_NAME}"`;
  if (!/^User:.{1,255}$/s.test(b.principal)) return 'the principal is not User:<name> (User:* for everyone)';
  if (b.host === '' || b.host.length > 255) return 'the host is empty (use * for any)';
  if (b.operation < Op.ALL || b.operation > Op.IDEMPOTENT_WRITE) return `operation ${b.operation} is not an operation`;
  if (b.permissionType !== Permission.ALLOW && b.permissionType !== Permission.DENY)
    return `permission type ${b.permissionType} is not ALLOW or DENY`;
  return undefined;
}
