// The registry: one entry per API, keyed by Kafka's API key numbers. Request and response
// message names refer to schema.proto.

export interface ApiSpec {
  readonly key: number;
  readonly name: string;
  readonly minVersion: number;
  readonly maxVersion: number;
  readonly request: string;
  readonly response: string;
}

function api(key: number, name: string, maxVersion = 0): ApiSpec {
  return { key, name, minVersion: 0, maxVersion, request: `${name}Request`, response: `${name}Response` };
}

export const Api = {
  Produce: api(0, 'Produce'),
  Fetch: api(1, 'Fetch'),
  ListOffsets: api(2, 'ListOffsets'),
  Metadata: api(3, 'Metadata'),
  OffsetCommit: api(8, 'OffsetCommit'),
  OffsetFetch: api(9, 'OffsetFetch'),
  FindCoordinator: api(10, 'FindCoordinator'),
  JoinGroup: api(11, 'JoinGroup'),
  Heartbeat: api(12, 'Heartbeat'),
  LeaveGroup: api(13, 'LeaveGroup'),
  SyncGroup: api(14, 'SyncGroup'),
  DescribeGroups: api(15, 'DescribeGroups'),
  ListGroups: api(16, 'ListGroups'),
  SaslHandshake: api(17, 'SaslHandshake'),
  ApiVersions: api(18, 'ApiVersions'),
  CreateTopics: api(19, 'CreateTopics'),
  InitProducerId: api(22, 'InitProducerId'),
  AddPartitionsToTxn: api(24, 'AddPartitionsToTxn'),
  AddOffsetsToTxn: api(25, 'AddOffsetsToTxn'),
  EndTxn: api(26, 'EndTxn'),
  TxnOffsetCommit: api(28, 'TxnOffsetCommit'),
  DeleteTopics: api(20, 'DeleteTopics'),
  DescribeAcls: api(29, 'DescribeAcls'),
  CreateAcls: api(30, 'CreateAcls'),
  DeleteAcls: api(31, 'DeleteAcls'),
  SaslAuthenticate: api(36, 'SaslAuthenticate'),
  CreatePartitions: api(37, 'CreatePartitions'),
  DeleteGroups: api(42, 'DeleteGroups'),
  DescribeTransactions: api(65, 'DescribeTransactions'),
  ListTransactions: api(66, 'ListTransactions'),
  DescribeConfigs: api(32, 'DescribeConfigs'),
  AlterConfigs: api(33, 'AlterConfigs'),
  IncrementalAlterConfigs: api(44, 'IncrementalAlterConfigs'),
  DeleteRecords: api(21, 'DeleteRecords'),
} as const satisfies Record<string, ApiSpec>;

export type ApiName = keyof typeof Api;

const byKey = new Map<number, ApiSpec>(Object.values(Api).map((spec) => [spec.key, spec]));
const byName = new Map<string, ApiSpec>(Object.values(Api).map((spec) => [spec.name, spec]));

export const allApis: readonly ApiSpec[] = [...byKey.values()];

export function apiByKey(key: number): ApiSpec | undefined {
  return byKey.get(key);
}

export function apiByName(name: string): ApiSpec | undefined {
  return byName.get(name);
}
