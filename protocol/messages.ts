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
}
export type RequestOf<N extends keyof ApiMessages> = ApiMessages[N][0];
export type ResponseOf<N extends keyof ApiMessages> = ApiMessages[N][1];
