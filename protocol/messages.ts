// Message shapes are generated from schema.proto (protocol/generated/messages.ts, `npm run generate`);
// this file adds what the schema cannot say: Kafka's special values and the API-to-message mapping.
import type * as M from './generated/messages.js';

export type * from './generated/messages.js';

/** FindCoordinator key types, as in Kafka. */
export const COORDINATOR_KEY_TYPE_GROUP = 0;
export const COORDINATOR_KEY_TYPE_TRANSACTION = 1;

/** Fetch and ListOffsets isolation levels, as in Kafka. */
export const READ_UNCOMMITTED = 0;
export const READ_COMMITTED = 1;

/** ListOffsets special timestamps, as in Kafka. */
export const EARLIEST_TIMESTAMP = -2;
export const LATEST_TIMESTAMP = -1;

/** Request and response shapes by API name: ties the registry to these interfaces. */
export interface ApiMessages {
  Produce: [M.ProduceRequest, M.ProduceResponse];
  Fetch: [M.FetchRequest, M.FetchResponse];
  ListOffsets: [M.ListOffsetsRequest, M.ListOffsetsResponse];
  Metadata: [M.MetadataRequest, M.MetadataResponse];
  ApiVersions: [M.ApiVersionsRequest, M.ApiVersionsResponse];
  CreateTopics: [M.CreateTopicsRequest, M.CreateTopicsResponse];
  DeleteTopics: [M.DeleteTopicsRequest, M.DeleteTopicsResponse];
  CreatePartitions: [M.CreatePartitionsRequest, M.CreatePartitionsResponse];
  OffsetCommit: [M.OffsetCommitRequest, M.OffsetCommitResponse];
  OffsetFetch: [M.OffsetFetchRequest, M.OffsetFetchResponse];
  FindCoordinator: [M.FindCoordinatorRequest, M.FindCoordinatorResponse];
  JoinGroup: [M.JoinGroupRequest, M.JoinGroupResponse];
  Heartbeat: [M.HeartbeatRequest, M.HeartbeatResponse];
  LeaveGroup: [M.LeaveGroupRequest, M.LeaveGroupResponse];
  SyncGroup: [M.SyncGroupRequest, M.SyncGroupResponse];
  DescribeGroups: [M.DescribeGroupsRequest, M.DescribeGroupsResponse];
  ListGroups: [M.ListGroupsRequest, M.ListGroupsResponse];
  DeleteGroups: [M.DeleteGroupsRequest, M.DeleteGroupsResponse];
  InitProducerId: [M.InitProducerIdRequest, M.InitProducerIdResponse];
  AddPartitionsToTxn: [M.AddPartitionsToTxnRequest, M.AddPartitionsToTxnResponse];
  AddOffsetsToTxn: [M.AddOffsetsToTxnRequest, M.AddOffsetsToTxnResponse];
  EndTxn: [M.EndTxnRequest, M.EndTxnResponse];
  TxnOffsetCommit: [M.TxnOffsetCommitRequest, M.TxnOffsetCommitResponse];
  DescribeTransactions: [M.DescribeTransactionsRequest, M.DescribeTransactionsResponse];
  ListTransactions: [M.ListTransactionsRequest, M.ListTransactionsResponse];
  DescribeConfigs: [M.DescribeConfigsRequest, M.DescribeConfigsResponse];
  AlterConfigs: [M.AlterConfigsRequest, M.AlterConfigsResponse];
  IncrementalAlterConfigs: [M.IncrementalAlterConfigsRequest, M.IncrementalAlterConfigsResponse];
  DeleteRecords: [M.DeleteRecordsRequest, M.DeleteRecordsResponse];
  SaslHandshake: [M.SaslHandshakeRequest, M.SaslHandshakeResponse];
  SaslAuthenticate: [M.SaslAuthenticateRequest, M.SaslAuthenticateResponse];
  DescribeAcls: [M.DescribeAclsRequest, M.DescribeAclsResponse];
  CreateAcls: [M.CreateAclsRequest, M.CreateAclsResponse];
  DeleteAcls: [M.DeleteAclsRequest, M.DeleteAclsResponse];
}
export type RequestOf<N extends keyof ApiMessages> = ApiMessages[N][0];
export type ResponseOf<N extends keyof ApiMessages> = ApiMessages[N][1];
