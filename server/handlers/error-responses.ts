// An error answer for any API: the response a handler would give if every item of the request
// (topic, partition, group, member) failed with one error code. Fault injection uses it so a
// client sees the failure where it would see a real one, never as a bare envelope error.
import type { ApiMessages, RequestOf, ResponseOf } from '../../protocol/messages.js';

type ErrorResponders = {
  readonly [N in keyof ApiMessages]: (request: RequestOf<N>, errorCode: number) => ResponseOf<N> | undefined;
};

const EMPTY = new Uint8Array(0);

const responders: ErrorResponders = {
  ApiVersions: (_r, errorCode) => ({ errorCode, apis: [], brokerVersion: '' }),
  Metadata: (r, errorCode) => ({
    brokers: [],
    controllerId: -1,
    clusterId: '',
    topics: r.topics.map((name) => ({ errorCode, name, isInternal: false, partitions: [] })),
  }),
  CreateTopics: (r, errorCode) => ({ topics: r.topics.map((t) => ({ name: t.name, errorCode, errorMessage: '' })) }),
  DeleteTopics: (r, errorCode) => ({ topics: r.topics.map((name) => ({ name, errorCode, errorMessage: '' })) }),
  CreatePartitions: (r, errorCode) => ({
    topics: r.topics.map((t) => ({ name: t.name, errorCode, errorMessage: '' })),
  }),
  // acks=0 is never answered, failed or not.
  Produce: (r, errorCode) =>
    r.acks === 0
      ? undefined
      : {
          topics: r.topics.map((t) => ({
            name: t.name,
            partitions: t.partitions.map((p) => ({
              partition: p.partition,
              errorCode,
              errorMessage: '',
              baseOffset: -1,
              logStartOffset: -1,
            })),
          })),
        },
  Fetch: (r, errorCode) => ({
    errorCode: 0,
    topics: r.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({
        partition: p.partition,
        errorCode,
        highWatermark: -1,
        logStartOffset: -1,
        records: EMPTY,
        lastStableOffset: -1,
        abortedTransactions: [],
      })),
    })),
  }),
  ListOffsets: (r, errorCode) => ({
    topics: r.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partition: p.partition, errorCode, timestamp: -1, offset: -1 })),
    })),
  }),
  OffsetCommit: (r, errorCode) => ({
    topics: r.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partition: p.partition, errorCode })),
    })),
  }),
  OffsetFetch: (r, errorCode) => ({
    errorCode,
    topics: r.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((partition) => ({ partition, committedOffset: -1, metadata: '', errorCode })),
    })),
  }),
  FindCoordinator: (r, errorCode) => ({
    coordinators: r.keys.map((key) => ({ key, nodeId: -1, host: '', port: -1, errorCode, errorMessage: '' })),
  }),
  JoinGroup: (r, errorCode) => ({
    errorCode,
    generationId: -1,
    protocolType: '',
    protocolName: '',
    leader: '',
    skipAssignment: false,
    memberId: r.memberId,
    members: [],
  }),
  Heartbeat: (_r, errorCode) => ({ errorCode }),
  LeaveGroup: (_r, errorCode) => ({ errorCode, members: [] }),
  SyncGroup: (_r, errorCode) => ({ errorCode, protocolType: '', protocolName: '', assignment: EMPTY }),
  DescribeGroups: (r, errorCode) => ({
    groups: r.groups.map((groupId) => ({ errorCode, groupId, state: '', protocolType: '', protocol: '', members: [] })),
  }),
  ListGroups: (_r, errorCode) => ({ errorCode, groups: [] }),
  DeleteGroups: (r, errorCode) => ({ results: r.groups.map((groupId) => ({ groupId, errorCode })) }),
  InitProducerId: (_r, errorCode) => ({ errorCode, errorMessage: '', producerId: -1, producerEpoch: -1 }),
  AddPartitionsToTxn: (r, errorCode) => ({
    results: r.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((partition) => ({ partition, errorCode, errorMessage: '' })),
    })),
  }),
  AddOffsetsToTxn: (_r, errorCode) => ({ errorCode, errorMessage: '' }),
  DescribeTransactions: (r, errorCode) => ({
    transactionStates: r.transactionalIds.map((transactionalId) => ({
      errorCode,
      transactionalId,
      transactionState: '',
      transactionTimeoutMs: 0,
      transactionStartTimeMs: -1,
      producerId: -1,
      producerEpoch: -1,
      topics: [],
      groups: [],
    })),
  }),
  ListTransactions: (_r, errorCode) => ({ errorCode, transactionStates: [] }),
  EndTxn: (_r, errorCode) => ({ errorCode, errorMessage: '' }),
  TxnOffsetCommit: (r, errorCode) => ({
    topics: r.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partition: p.partition, errorCode, errorMessage: '' })),
    })),
  }),
  DescribeConfigs: (r, errorCode) => ({
    results: r.resources.map((c) => ({ ...resourceFailure(c, errorCode), configs: [] })),
  }),
  AlterConfigs: (r, errorCode) => ({ results: r.resources.map((c) => resourceFailure(c, errorCode)) }),
  IncrementalAlterConfigs: (r, errorCode) => ({ results: r.resources.map((c) => resourceFailure(c, errorCode)) }),
  DeleteRecords: (r, errorCode) => ({
    topics: r.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((p) => ({ partition: p.partition, lowWatermark: -1, errorCode, errorMessage: '' })),
    })),
  }),
  SaslHandshake: (_r, errorCode) => ({ errorCode, mechanisms: [] }),
  DescribeAcls: (_r, errorCode) => ({ errorCode, errorMessage: '', acls: [] }),
  CreateAcls: (r, errorCode) => ({ results: r.creations.map(() => ({ errorCode, errorMessage: '' })) }),
  DeleteAcls: (r, errorCode) => ({
    filterResults: r.filters.map(() => ({ errorCode, errorMessage: '', matchingAcls: [] })),
  }),
  SaslAuthenticate: (_r, errorCode) => ({ errorCode, errorMessage: '', authBytes: EMPTY, sessionLifetimeMs: 0 }),
};

function resourceFailure(
  { resourceType, resourceName }: { resourceType: number; resourceName: string },
  errorCode: number,
) {
  return { resourceType, resourceName, errorCode, errorMessage: '' };
}

/** The API's response with `errorCode` on every item; undefined when the request gets no answer (acks=0). */
export function errorResponse<N extends keyof ApiMessages>(
  api: N,
  request: RequestOf<N>,
  errorCode: number,
): ResponseOf<N> | undefined {
  return (responders[api] as (request: RequestOf<N>, errorCode: number) => ResponseOf<N> | undefined)(
    request,
    errorCode,
  );
}
