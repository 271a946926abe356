// Kafka's ACL vocabulary with Kafka's numbers (the same as KafkaJS's exported enums), shared by
// the broker, the SDK and the CLI.

export const AclResourceTypes = {
  UNKNOWN: 0,
  ANY: 1,
  TOPIC: 2,
  GROUP: 3,
  CLUSTER: 4,
  TRANSACTIONAL_ID: 5,
  DELEGATION_TOKEN: 6,
} as const;

export const ResourcePatternTypes = {
  UNKNOWN: 0,
  ANY: 1,
  MATCH: 2,
  LITERAL: 3,
  PREFIXED: 4,
} as const;

export const AclOperationTypes = {
  UNKNOWN: 0,
  ANY: 1,
  ALL: 2,
  READ: 3,
  WRITE: 4,
  CREATE: 5,
  DELETE: 6,
  ALTER: 7,
  DESCRIBE: 8,
  CLUSTER_ACTION: 9,
  DESCRIBE_CONFIGS: 10,
  ALTER_CONFIGS: 11,
  IDEMPOTENT_WRITE: 12,
} as const;

export const AclPermissionTypes = {
  UNKNOWN: 0,
  ANY: 1,
  DENY: 2,
  ALLOW: 3,
} as const;

export type AclResourceType = keyof typeof AclResourceTypes;
export type AclOperation = keyof typeof AclOperationTypes;
export type AclPermission = keyof typeof AclPermissionTypes;
export type ResourcePatternType = keyof typeof ResourcePatternTypes;

/** The one cluster resource's name, as Kafka's. */
export const CLUSTER_NAME = 'kafka-cluster';

export function nameOf<T extends Record<string, number>>(table: T, value: number): keyof T | undefined {
  return (Object.keys(table) as (keyof T)[]).find((key) => table[key] === value);
}
