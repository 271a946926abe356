// TypeScript shapes of the messages in schema.proto (protobufjs camelCases field names).
// Keep in step with schema.proto; test/unit/protocol/messages.test.ts round-trips each one.

export interface RequestFrame { apiKey: number; apiVersion: number; correlationId: number; clientId: string; body: Uint8Array }
export interface ResponseFrame { correlationId: number; errorCode: number; errorMessage: string; body: Uint8Array }

export interface ApiVersionsRequest {}
export interface ApiVersionRange { apiKey: number; name: string; minVersion: number; maxVersion: number }
export interface ApiVersionsResponse { errorCode: number; apis: ApiVersionRange[]; brokerVersion: string }

export interface MetadataRequest { topics: string[]; allTopics: boolean; allowAutoTopicCreation: boolean }
export interface BrokerNode { nodeId: number; host: string; port: number }
export interface PartitionMetadata { errorCode: number; partition: number; leader: number; replicas: number[]; isr: number[] }
export interface TopicMetadata { errorCode: number; name: string; isInternal: boolean; partitions: PartitionMetadata[] }
export interface MetadataResponse { brokers: BrokerNode[]; controllerId: number; clusterId: string; topics: TopicMetadata[] }

export interface TopicResult { name: string; errorCode: number; errorMessage: string }

export interface CreatableTopic { name: string; numPartitions: number; configs: Record<string, string> }
export interface CreateTopicsRequest { topics: CreatableTopic[]; timeoutMs: number; validateOnly: boolean }
export interface CreateTopicsResponse { topics: TopicResult[] }

export interface DeleteTopicsRequest { topics: string[]; timeoutMs: number }
export interface DeleteTopicsResponse { topics: TopicResult[] }

export interface CreatePartitionsTopic { name: string; count: number }
export interface CreatePartitionsRequest { topics: CreatePartitionsTopic[]; timeoutMs: number; validateOnly: boolean }
export interface CreatePartitionsResponse { topics: TopicResult[] }

export interface ProducePartition { partition: number; records: Uint8Array }
export interface ProduceTopic { name: string; partitions: ProducePartition[] }
export interface ProduceRequest { acks?: number | null; timeoutMs: number; topics: ProduceTopic[] }
export interface ProducePartitionResponse { partition: number; errorCode: number; errorMessage: string; baseOffset: number; logStartOffset: number }
export interface ProduceTopicResponse { name: string; partitions: ProducePartitionResponse[] }
export interface ProduceResponse { topics: ProduceTopicResponse[] }

export interface FetchPartition { partition: number; fetchOffset: number; partitionMaxBytes: number }
export interface FetchTopic { name: string; partitions: FetchPartition[] }
export interface FetchRequest { maxWaitMs: number; minBytes: number; maxBytes: number; topics: FetchTopic[] }
export interface FetchPartitionResponse { partition: number; errorCode: number; highWatermark: number; logStartOffset: number; records: Uint8Array }
export interface FetchTopicResponse { name: string; partitions: FetchPartitionResponse[] }
export interface FetchResponse { errorCode: number; topics: FetchTopicResponse[] }

export interface ListOffsetsPartition { partition: number; timestamp: number }
export interface ListOffsetsTopic { name: string; partitions: ListOffsetsPartition[] }
export interface ListOffsetsRequest { topics: ListOffsetsTopic[] }
export interface ListOffsetsPartitionResponse { partition: number; errorCode: number; timestamp: number; offset: number }
export interface ListOffsetsTopicResponse { name: string; partitions: ListOffsetsPartitionResponse[] }
export interface ListOffsetsResponse { topics: ListOffsetsTopicResponse[] }

export interface FindCoordinatorRequest { keyType: number; keys: string[] }
export interface Coordinator { key: string; nodeId: number; host: string; port: number; errorCode: number; errorMessage: string }
export interface FindCoordinatorResponse { coordinators: Coordinator[] }

export interface JoinGroupProtocol { name: string; metadata: Uint8Array }
export interface JoinGroupRequest {
  groupId: string; sessionTimeoutMs: number; rebalanceTimeoutMs: number; memberId: string; groupInstanceId?: string | null;
  protocolType: string; protocols: JoinGroupProtocol[]; reason: string;
}
export interface JoinGroupMember { memberId: string; groupInstanceId?: string | null; metadata: Uint8Array }
export interface JoinGroupResponse {
  errorCode: number; generationId: number; protocolType: string; protocolName: string; leader: string;
  skipAssignment: boolean; memberId: string; members: JoinGroupMember[];
}

export interface HeartbeatRequest { groupId: string; generationId: number; memberId: string; groupInstanceId?: string | null }
export interface HeartbeatResponse { errorCode: number }

export interface MemberIdentity { memberId: string; groupInstanceId?: string | null; reason: string }
export interface LeaveGroupRequest { groupId: string; members: MemberIdentity[] }
export interface LeaveGroupMemberResponse { memberId: string; groupInstanceId?: string | null; errorCode: number }
export interface LeaveGroupResponse { errorCode: number; members: LeaveGroupMemberResponse[] }

export interface SyncGroupAssignment { memberId: string; assignment: Uint8Array }
export interface SyncGroupRequest {
  groupId: string; generationId: number; memberId: string; groupInstanceId?: string | null;
  protocolType?: string | null; protocolName?: string | null; assignments: SyncGroupAssignment[];
}
export interface SyncGroupResponse { errorCode: number; protocolType: string; protocolName: string; assignment: Uint8Array }

export interface DescribeGroupsRequest { groups: string[] }
export interface DescribedGroupMember {
  memberId: string; groupInstanceId?: string | null; clientId: string; clientHost: string; metadata: Uint8Array; assignment: Uint8Array;
}
export interface DescribedGroup { errorCode: number; groupId: string; state: string; protocolType: string; protocol: string; members: DescribedGroupMember[] }
export interface DescribeGroupsResponse { groups: DescribedGroup[] }

export interface ListGroupsRequest { statesFilter: string[] }
export interface ListedGroup { groupId: string; protocolType: string; state: string }
export interface ListGroupsResponse { errorCode: number; groups: ListedGroup[] }

export interface DeleteGroupsRequest { groups: string[] }
export interface DeletableGroupResult { groupId: string; errorCode: number }
export interface DeleteGroupsResponse { results: DeletableGroupResult[] }

export interface OffsetCommitPartition { partition: number; committedOffset: number; committedMetadata?: string | null }
export interface OffsetCommitTopic { name: string; partitions: OffsetCommitPartition[] }
export interface OffsetCommitRequest { groupId: string; generationId: number; memberId: string; groupInstanceId?: string | null; topics: OffsetCommitTopic[] }
export interface OffsetCommitPartitionResponse { partition: number; errorCode: number }
export interface OffsetCommitTopicResponse { name: string; partitions: OffsetCommitPartitionResponse[] }
export interface OffsetCommitResponse { topics: OffsetCommitTopicResponse[] }

export interface OffsetFetchTopic { name: string; partitions: number[] }
export interface OffsetFetchRequest { groupId: string; topics: OffsetFetchTopic[]; allTopics: boolean }
export interface OffsetFetchPartitionResponse { partition: number; committedOffset: number; metadata: string; errorCode: number }
export interface OffsetFetchTopicResponse { name: string; partitions: OffsetFetchPartitionResponse[] }
export interface OffsetFetchResponse { errorCode: number; topics: OffsetFetchTopicResponse[] }

/** Consumer-protocol bytes carried inside JoinGroup metadata and SyncGroup assignments. */
export interface TopicPartitions { topic: string; partitions: number[] }
export interface ConsumerSubscription {
  topics: string[]; userData: Uint8Array; ownedPartitions: TopicPartitions[]; generationId?: number | null; rackId?: string | null;
}
export interface ConsumerAssignment { assignedPartitions: TopicPartitions[]; userData: Uint8Array }

/** FindCoordinator key types, as in Kafka. */
export const COORDINATOR_KEY_TYPE_GROUP = 0;
export const COORDINATOR_KEY_TYPE_TRANSACTION = 1;

/** ListOffsets special timestamps, as in Kafka. */
export const EARLIEST_TIMESTAMP = -2;
export const LATEST_TIMESTAMP = -1;

/** Request and response shapes by API name: ties the registry to these interfaces. */
export interface ApiMessages {
  Produce: [ProduceRequest, ProduceResponse];
  Fetch: [FetchRequest, FetchResponse];
  ListOffsets: [ListOffsetsRequest, ListOffsetsResponse];
  Metadata: [MetadataRequest, MetadataResponse];
  ApiVersions: [ApiVersionsRequest, ApiVersionsResponse];
  CreateTopics: [CreateTopicsRequest, CreateTopicsResponse];
  DeleteTopics: [DeleteTopicsRequest, DeleteTopicsResponse];
  CreatePartitions: [CreatePartitionsRequest, CreatePartitionsResponse];
  OffsetCommit: [OffsetCommitRequest, OffsetCommitResponse];
  OffsetFetch: [OffsetFetchRequest, OffsetFetchResponse];
  FindCoordinator: [FindCoordinatorRequest, FindCoordinatorResponse];
  JoinGroup: [JoinGroupRequest, JoinGroupResponse];
  Heartbeat: [HeartbeatRequest, HeartbeatResponse];
  LeaveGroup: [LeaveGroupRequest, LeaveGroupResponse];
  SyncGroup: [SyncGroupRequest, SyncGroupResponse];
  DescribeGroups: [DescribeGroupsRequest, DescribeGroupsResponse];
  ListGroups: [ListGroupsRequest, ListGroupsResponse];
  DeleteGroups: [DeleteGroupsRequest, DeleteGroupsResponse];
}
export type RequestOf<N extends keyof ApiMessages> = ApiMessages[N][0];
export type ResponseOf<N extends keyof ApiMessages> = ApiMessages[N][1];
