// What each API needs, as one table (Kafka's choices): the operation on which resources, read
// from the request. An API whose request names several resources answers the whole request with
// the error when any of them is refused; Produce, Fetch and Metadata check per topic in their
// handlers, as Kafka does (Metadata lists only describable topics). An API absent from the table needs ALTER on the
// cluster, so a new API is never open by accident: give it its row.
import type { AclOperation, AclResourceType } from '../../protocol/acl.js';
import { CLUSTER_NAME } from '../../protocol/acl.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { RequestOf } from '../../protocol/messages.js';
import type { ApiHandlerName } from '../handlers/context.js';

export interface Permission<N extends ApiHandlerName> {
  operation: AclOperation;
  resourceType: AclResourceType;
  names: (request: RequestOf<N>) => readonly string[];
  /** The same operation on the cluster also grants it (Kafka: CREATE on the cluster creates any topic). */
  orOnCluster?: boolean;
}

export type PermissionTable = {
  readonly [N in ApiHandlerName]?: readonly Permission<N>[] | 'checked-in-handler' | 'none';
};

const cluster = () => [CLUSTER_NAME];
const topicNames = (r: { topics: readonly { name: string }[] }) => r.topics.map((t) => t.name);
const groupRead = <N extends 'JoinGroup' | 'SyncGroup' | 'Heartbeat' | 'LeaveGroup'>(): readonly Permission<N>[] => [
  { operation: 'READ', resourceType: 'GROUP', names: (r) => [r.groupId] },
];

/** Config APIs name topic resources (type 2) and broker resources (type 4, the cluster in ACLs). */
function configPermissions<N extends 'DescribeConfigs' | 'AlterConfigs' | 'IncrementalAlterConfigs'>(
  operation: 'DESCRIBE_CONFIGS' | 'ALTER_CONFIGS',
): readonly Permission<N>[] {
  return [
    {
      operation,
      resourceType: 'TOPIC',
      names: (r) => r.resources.filter((c) => c.resourceType === 2).map((c) => c.resourceName),
    },
    {
      operation,
      resourceType: 'CLUSTER',
      names: (r) => (r.resources.some((c) => c.resourceType !== 2) ? [CLUSTER_NAME] : []),
    },
  ];
}

export const apiPermissions: PermissionTable = {
  ApiVersions: 'none',
  SaslHandshake: 'none',
  SaslAuthenticate: 'none',
  Produce: 'checked-in-handler',
  Metadata: 'checked-in-handler',
  Fetch: 'checked-in-handler',
  ListOffsets: [{ operation: 'DESCRIBE', resourceType: 'TOPIC', names: topicNames }],
  CreateTopics: [{ operation: 'CREATE', resourceType: 'TOPIC', names: topicNames, orOnCluster: true }],
  DeleteTopics: [{ operation: 'DELETE', resourceType: 'TOPIC', names: (r) => r.topics }],
  CreatePartitions: [{ operation: 'ALTER', resourceType: 'TOPIC', names: topicNames }],
  FindCoordinator: [
    { operation: 'DESCRIBE', resourceType: 'GROUP', names: (r) => (r.keyType === 1 ? [] : r.keys) },
    { operation: 'DESCRIBE', resourceType: 'TRANSACTIONAL_ID', names: (r) => (r.keyType === 1 ? r.keys : []) },
  ],
  JoinGroup: groupRead<'JoinGroup'>(),
  SyncGroup: groupRead<'SyncGroup'>(),
  Heartbeat: groupRead<'Heartbeat'>(),
  LeaveGroup: groupRead<'LeaveGroup'>(),
  OffsetCommit: [
    { operation: 'READ', resourceType: 'GROUP', names: (r) => [r.groupId] },
    { operation: 'READ', resourceType: 'TOPIC', names: topicNames },
  ],
  OffsetFetch: [
    { operation: 'DESCRIBE', resourceType: 'GROUP', names: (r) => [r.groupId] },
    { operation: 'DESCRIBE', resourceType: 'TOPIC', names: topicNames },
  ],
  DescribeGroups: [{ operation: 'DESCRIBE', resourceType: 'GROUP', names: (r) => r.groups }],
  ListGroups: [{ operation: 'DESCRIBE', resourceType: 'CLUSTER', names: cluster }],
  DeleteGroups: [{ operation: 'DELETE', resourceType: 'GROUP', names: (r) => r.groups }],
  DescribeAcls: [{ operation: 'DESCRIBE', resourceType: 'CLUSTER', names: cluster }],
  CreateAcls: [{ operation: 'ALTER', resourceType: 'CLUSTER', names: cluster }],
  DeleteAcls: [{ operation: 'ALTER', resourceType: 'CLUSTER', names: cluster }],
  DescribeConfigs: configPermissions<'DescribeConfigs'>('DESCRIBE_CONFIGS'),
  AlterConfigs: configPermissions<'AlterConfigs'>('ALTER_CONFIGS'),
  IncrementalAlterConfigs: configPermissions<'IncrementalAlterConfigs'>('ALTER_CONFIGS'),
  DeleteRecords: [{ operation: 'DELETE', resourceType: 'TOPIC', names: topicNames }],
  // Transactions (Kafka's rows): WRITE on the transactional id, plus what the transaction touches.
  InitProducerId: [
    {
      operation: 'WRITE',
      resourceType: 'TRANSACTIONAL_ID',
      names: (r) => (r.transactionalId ? [r.transactionalId] : []),
    },
  ],
  AddPartitionsToTxn: [
    { operation: 'WRITE', resourceType: 'TRANSACTIONAL_ID', names: (r) => [r.transactionalId] },
    { operation: 'WRITE', resourceType: 'TOPIC', names: topicNames },
  ],
  AddOffsetsToTxn: [
    { operation: 'WRITE', resourceType: 'TRANSACTIONAL_ID', names: (r) => [r.transactionalId] },
    { operation: 'READ', resourceType: 'GROUP', names: (r) => [r.groupId] },
  ],
  EndTxn: [{ operation: 'WRITE', resourceType: 'TRANSACTIONAL_ID', names: (r) => [r.transactionalId] }],
  TxnOffsetCommit: [
    { operation: 'WRITE', resourceType: 'TRANSACTIONAL_ID', names: (r) => [r.transactionalId] },
    { operation: 'READ', resourceType: 'GROUP', names: (r) => [r.groupId] },
    { operation: 'READ', resourceType: 'TOPIC', names: topicNames },
  ],
  DescribeTransactions: [{ operation: 'DESCRIBE', resourceType: 'TRANSACTIONAL_ID', names: (r) => r.transactionalIds }],
  ListTransactions: [{ operation: 'DESCRIBE', resourceType: 'CLUSTER', names: cluster }],
};

/** What an API without a row needs. */
export const UNLISTED_API_PERMISSION: Permission<ApiHandlerName> = {
  operation: 'ALTER',
  resourceType: 'CLUSTER',
  names: cluster,
};

/** Kafka's error code for a refusal on each resource type. */
export const AUTHORIZATION_FAILED: Readonly<Record<AclResourceType, number>> = {
  TOPIC: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
  GROUP: ErrorCode.GROUP_AUTHORIZATION_FAILED,
  CLUSTER: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
  TRANSACTIONAL_ID: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
  UNKNOWN: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
  ANY: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
  DELEGATION_TOKEN: ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
};
