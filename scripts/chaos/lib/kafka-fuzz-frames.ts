// Fuzzed Kafka-protocol request frames, from a seed: random bytes after a Kafka-looking start,
// and valid requests of every Kafka API at every served version, mutated (bit flips, cuts,
// inserted bytes, giant counts and lengths, unknown keys and versions).
import { encodeRecordBatch } from '../../../protocol/record-batch.js';
import { kafkaApis } from '../../../protocol/kafka/generated/index.js';
import { kafkaRequestFrame, withSize } from './kafka-raw-connection.js';
import { Random } from './random.js';

type KafkaApiName = keyof typeof kafkaApis;
const TOPIC = 'kafka-fuzz';
const GROUP = 'kafka-fuzz-group';
const TXN = 'kafka-fuzz-txn';

/** One plausible request per API; fields a version lacks are ignored by the encoder. */
const samples: Record<KafkaApiName, object> = {
  Produce: {
    transactionalId: null,
    acks: 1,
    timeoutMs: 1000,
    topicData: [
      { name: TOPIC, partitionData: [{ index: 0, records: encodeRecordBatch([{ key: 'k', value: 'v' }], 0) }] },
    ],
  },
  Fetch: {
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 4096,
    topics: [{ topic: TOPIC, partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 4096 }] }],
  },
  ListOffsets: { replicaId: -1, topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, timestamp: -1 }] }] },
  Metadata: { topics: [{ name: TOPIC }], allowAutoTopicCreation: true },
  OffsetCommit: {
    groupId: GROUP,
    generationIdOrMemberEpoch: -1,
    memberId: '',
    topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 1, committedMetadata: 'm' }] }],
  },
  OffsetFetch: {
    groupId: GROUP,
    topics: [{ name: TOPIC, partitionIndexes: [0] }],
    groups: [{ groupId: GROUP, topics: [{ name: TOPIC, partitionIndexes: [0] }] }],
  },
  FindCoordinator: { key: GROUP, keyType: 0, coordinatorKeys: [GROUP] },
  JoinGroup: {
    groupId: GROUP,
    sessionTimeoutMs: 1000,
    rebalanceTimeoutMs: 1000,
    memberId: '',
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from('0000000000010004667a7a7affffffff', 'hex') }],
  },
  Heartbeat: { groupId: GROUP, generationId: 1, memberId: 'm-1' },
  LeaveGroup: { groupId: GROUP, memberId: 'm-1', members: [{ memberId: 'm-1' }] },
  SyncGroup: { groupId: GROUP, generationId: 1, memberId: 'm-1', assignments: [] },
  DescribeGroups: { groups: [GROUP] },
  ListGroups: { statesFilter: [] },
  ApiVersions: { clientSoftwareName: 'fuzz', clientSoftwareVersion: '1' },
  CreateTopics: { topics: [{ name: TOPIC, numPartitions: 1, replicationFactor: 1 }], timeoutMs: 1000 },
  DeleteTopics: { topicNames: ['kafka-fuzz-other'], topics: [{ name: 'kafka-fuzz-other' }], timeoutMs: 1000 },
  DeleteGroups: { groupsNames: ['kafka-fuzz-other'] },
  DescribeConfigs: { resources: [{ resourceType: 2, resourceName: TOPIC, configurationKeys: null }] },
  InitProducerId: { transactionalId: TXN, transactionTimeoutMs: 1000, producerId: -1, producerEpoch: -1 },
  AddPartitionsToTxn: {
    v3AndBelowTransactionalId: TXN,
    v3AndBelowProducerId: 0,
    v3AndBelowProducerEpoch: 0,
    v3AndBelowTopics: [{ name: TOPIC, partitions: [0] }],
  },
  AddOffsetsToTxn: { transactionalId: TXN, producerId: 0, producerEpoch: 0, groupId: GROUP },
  TxnOffsetCommit: {
    transactionalId: TXN,
    groupId: GROUP,
    producerId: 0,
    producerEpoch: 0,
    generationId: -1,
    memberId: '',
    groupInstanceId: null,
    topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, committedOffset: 1, committedMetadata: null }] }],
  },
  EndTxn: { transactionalId: TXN, producerId: 0, producerEpoch: 0, committed: false },
  CreatePartitions: { topics: [{ name: TOPIC, count: 2, assignments: null }], timeoutMs: 1000, validateOnly: true },
  AlterConfigs: {
    resources: [{ resourceType: 2, resourceName: TOPIC, configs: [{ name: 'retention.ms', value: '60000' }] }],
    validateOnly: true,
  },
  IncrementalAlterConfigs: {
    resources: [
      { resourceType: 2, resourceName: TOPIC, configs: [{ name: 'retention.ms', configOperation: 0, value: '1' }] },
    ],
    validateOnly: true,
  },
  DeleteRecords: { topics: [{ name: TOPIC, partitions: [{ partitionIndex: 0, offset: 0 }] }], timeoutMs: 1000 },
  DescribeAcls: {
    resourceTypeFilter: 1,
    resourceNameFilter: null,
    patternTypeFilter: 1,
    principalFilter: null,
    hostFilter: null,
    operation: 1,
    permissionType: 1,
  },
  CreateAcls: {
    creations: [
      {
        resourceType: 2,
        resourceName: TOPIC,
        principal: 'User:fuzz',
        host: '*',
        operation: 3,
        permissionType: 3,
        resourcePatternType: 3,
      },
    ],
  },
  DeleteAcls: {
    filters: [
      {
        resourceTypeFilter: 2,
        resourceNameFilter: TOPIC,
        patternTypeFilter: 1,
        principalFilter: 'User:fuzz',
        hostFilter: null,
        operation: 1,
        permissionType: 1,
      },
    ],
  },
  SaslHandshake: { mechanism: 'SCRAM-SHA-256' },
  SaslAuthenticate: { authBytes: Buffer.from('n,,n=user,r=fuzz-nonce') },
};

const names = Object.keys(samples) as KafkaApiName[];

export const KAFKA_FRAME_KINDS = ['random', 'valid', 'unknown-version', 'mutated'] as const;
export type KafkaFrameKind = (typeof KAFKA_FRAME_KINDS)[number];

export class KafkaFrameFuzzer {
  private readonly random: Random;
  private correlationId = 1;

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  next(): { kind: KafkaFrameKind; bytes: Buffer } {
    const r = this.random;
    const roll = r.next();
    const name = r.pick(names);
    const spec = kafkaApis[name];
    const version = r.int(spec.minVersion, spec.maxVersion);
    const valid = kafkaRequestFrame(name, version, this.correlationId++, samples[name], 'kafka-fuzz').subarray(4);
    if (roll < 0.1)
      return { kind: 'random', bytes: withSize(Buffer.concat([Buffer.from([0]), r.bytes(r.int(0, 128))])) };
    if (roll < 0.25) return { kind: 'valid', bytes: withSize(valid) };
    if (roll < 0.35) {
      const out = Buffer.from(valid);
      out.writeInt16BE(r.pick([-1, spec.maxVersion + 1, 0x7fff]), 2);
      if (r.next() < 0.3) out.writeInt16BE(r.int(0, 255), 0);
      return { kind: 'unknown-version', bytes: withSize(out) };
    }
    return { kind: 'mutated', bytes: withSize(this.mutate(valid)) };
  }

  /** Mutates the body, never the first two bytes: the frame must still read as Kafka's. */
  private mutate(input: Buffer): Buffer {
    const r = this.random;
    let out = Buffer.from(input);
    for (let round = r.int(1, 3); round > 0; round--) {
      const at = r.int(2, Math.max(2, out.length));
      switch (r.int(0, 4)) {
        case 0:
          if (out.length > 2) out[r.int(2, out.length - 1)]! ^= 1 << r.int(0, 7);
          break;
        case 1:
          out = out.subarray(0, Math.max(2, at));
          break;
        case 2:
          out = Buffer.concat([out.subarray(0, at), r.bytes(r.int(1, 16)), out.subarray(at)]);
          break;
        case 3:
          // A giant count or length: int32 max, or a varint far past the end.
          out = Buffer.concat([
            out.subarray(0, at),
            Buffer.from(
              r.pick([
                [0x7f, 0xff, 0xff, 0xff],
                [0xff, 0xff, 0xff, 0xff, 0x0f],
              ]),
            ),
            out.subarray(at),
          ]);
          break;
        default:
          if (out.length > 2) out[r.int(2, out.length - 1)] = r.pick([0x00, 0x7f, 0x80, 0xff]);
      }
    }
    return out;
  }
}
