// Fuzzed request frames, from a seed: random bytes, and valid requests for every API in
// protocol/apis.ts mutated at the envelope or the body level (bit flips, cuts, inserted and
// repeated ranges, giant declared lengths, repeated fields). Every frame carries a correct
// length prefix, except the rare 'bad-prefix' kind, meant for a connection of its own.
import { allApis, type ApiName } from '../../../protocol/apis.js';
import { encodeBody } from '../../../protocol/envelope.js';
import { encodeFrame } from '../../../protocol/framing.js';
import { encodeRecordBatch } from '../../../protocol/record-batch.js';
import { messageType } from '../../../protocol/schema.js';
import { Random } from './random.js';

const requestFrameType = messageType('RequestFrame');
/** Repetition stops growing a message past this, so the fuzzer's own cost stays bounded. */
const MAX_GROWN_BYTES = 8 * 1024 * 1024;
export const FUZZ_TOPIC = 'fuzz';
const GROUP = 'fuzz-group';

/** One plausible request per API; the fuzzer mutates their encodings. */
const sampleRequests: Record<ApiName, object> = {
  Produce: {
    acks: 1,
    timeoutMs: 1000,
    topics: [
      {
        name: FUZZ_TOPIC,
        partitions: [
          {
            partition: 0,
            records: encodeRecordBatch([{ key: 'k', value: 'v', headers: { h: 'x' } }, { value: 'w' }], 0),
          },
        ],
      },
    ],
  },
  Fetch: {
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 4096,
    topics: [{ name: FUZZ_TOPIC, partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 4096 }] }],
  },
  ListOffsets: { topics: [{ name: FUZZ_TOPIC, partitions: [{ partition: 0, timestamp: 1 }] }] },
  Metadata: { topics: [FUZZ_TOPIC], allowAutoTopicCreation: true },
  OffsetCommit: {
    groupId: GROUP,
    generationId: -1,
    memberId: '',
    topics: [{ name: FUZZ_TOPIC, partitions: [{ partition: 0, committedOffset: 1, committedMetadata: 'm' }] }],
  },
  OffsetFetch: { groupId: GROUP, topics: [{ name: FUZZ_TOPIC, partitions: [0] }] },
  FindCoordinator: { keyType: 0, keys: [GROUP] },
  JoinGroup: {
    groupId: GROUP,
    sessionTimeoutMs: 1000,
    rebalanceTimeoutMs: 1000,
    memberId: '',
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: Buffer.from([0x0a, 0x04, 0x66, 0x75, 0x7a, 0x7a]) }],
    reason: 'fuzz',
  },
  Heartbeat: { groupId: GROUP, generationId: 1, memberId: 'm-1' },
  LeaveGroup: { groupId: GROUP, members: [{ memberId: 'm-1', reason: 'fuzz' }] },
  SyncGroup: {
    groupId: GROUP,
    generationId: 1,
    memberId: 'm-1',
    protocolType: 'consumer',
    protocolName: 'range',
    assignments: [{ memberId: 'm-1', assignment: Buffer.from([1, 2, 3]) }],
  },
  DescribeGroups: { groups: [GROUP] },
  ListGroups: { statesFilter: ['Stable'] },
  ApiVersions: {},
  CreateTopics: {
    topics: [{ name: 'fuzz-created', numPartitions: 2, configs: { 'retention.ms': '60000' } }],
    timeoutMs: 1000,
  },
  DeleteTopics: { topics: ['fuzz-created'], timeoutMs: 1000 },
  CreatePartitions: { topics: [{ name: FUZZ_TOPIC, count: 2 }], timeoutMs: 1000 },
  DeleteGroups: { groups: [GROUP] },
  InitProducerId: { transactionalId: 'fuzz-txn', transactionTimeoutMs: 1000 },
  AddPartitionsToTxn: {
    transactionalId: 'fuzz-txn',
    producerId: 0,
    producerEpoch: 0,
    topics: [{ name: FUZZ_TOPIC, partitions: [0] }],
  },
  AddOffsetsToTxn: { transactionalId: 'fuzz-txn', producerId: 0, producerEpoch: 0, groupId: GROUP },
  DescribeTransactions: { transactionalIds: ['fuzz-txn'] },
  ListTransactions: { stateFilters: ['Ongoing'] },
  EndTxn: { transactionalId: 'fuzz-txn', producerId: 0, producerEpoch: 0, committed: true },
  TxnOffsetCommit: {
    transactionalId: 'fuzz-txn',
    groupId: GROUP,
    producerId: 0,
    producerEpoch: 0,
    generationId: -1,
    memberId: '',
    topics: [{ name: FUZZ_TOPIC, partitions: [{ partition: 0, committedOffset: 1, committedMetadata: '' }] }],
  },
  DescribeConfigs: { resources: [{ resourceType: 2, resourceName: FUZZ_TOPIC, configNames: [] }] },
  AlterConfigs: {
    resources: [{ resourceType: 2, resourceName: FUZZ_TOPIC, configs: [{ name: 'retention.ms', value: '60000' }] }],
  },
  DeleteRecords: { topics: [{ name: FUZZ_TOPIC, partitions: [{ partition: 0, offset: 0 }] }], timeoutMs: 1000 },
  IncrementalAlterConfigs: {
    resources: [
      { resourceType: 2, resourceName: FUZZ_TOPIC, configs: [{ name: 'retention.ms', value: '60000', operation: 0 }] },
    ],
  },
  SaslHandshake: { mechanism: 'SCRAM-SHA-256' },
  DescribeAcls: { filter: { resourceType: 1, patternType: 1, operation: 1, permissionType: 1 } },
  CreateAcls: {
    creations: [
      {
        resourceType: 2,
        resourceName: 'fuzz-',
        patternType: 4,
        principal: 'User:fuzz',
        host: '*',
        operation: 3,
        permissionType: 3,
      },
    ],
  },
  DeleteAcls: {
    filters: [{ resourceType: 2, patternType: 1, principal: 'User:fuzz', operation: 1, permissionType: 1 }],
  },
  SaslAuthenticate: { authBytes: Buffer.from('n,,n=fuzz,r=fyko+d2lbbFgONRv9qkxdawL', 'utf8') },
};

const validBodies = allApis.map((spec) => {
  const sample = sampleRequests[spec.name as ApiName];
  if (!sample) throw new Error(`no fuzz sample for API ${spec.name}: add one to sampleRequests`);
  return { key: spec.key, body: Buffer.from(encodeBody(spec.request, sample)) };
});

export const FRAME_KINDS = ['random', 'valid', 'wrong-api', 'body-mutated', 'envelope-mutated', 'bad-prefix'] as const;
export type FrameKind = (typeof FRAME_KINDS)[number];

export interface FuzzFrame {
  kind: FrameKind;
  /** The bytes to write, length prefix included. */
  bytes: Buffer;
}

export class FrameFuzzer {
  private readonly random: Random;
  private correlationId = 1;

  constructor(seed: number) {
    this.random = new Random(seed);
  }

  /** The APIs the fuzzer has valid samples for (all of protocol/apis.ts). */
  static get apiKeys(): number[] {
    return validBodies.map((b) => b.key);
  }

  next(): FuzzFrame {
    const r = this.random;
    const roll = r.next();
    const { key, body } = r.pick(validBodies);
    if (roll < 0.1) return { kind: 'random', bytes: encodeFrame(r.bytes(r.int(0, 256))) };
    if (roll < 0.18) return { kind: 'valid', bytes: encodeFrame(this.envelope(key, 0, body)) };
    if (roll < 0.28)
      return { kind: 'wrong-api', bytes: encodeFrame(this.envelope(r.int(-1, 100), r.int(-2, 5), body)) };
    if (roll < 0.78)
      return {
        kind: 'body-mutated',
        bytes: encodeFrame(this.envelope(key, r.next() < 0.9 ? 0 : r.int(-1, 3), this.mutate(body))),
      };
    if (roll < 0.999) return { kind: 'envelope-mutated', bytes: encodeFrame(this.mutate(this.envelope(key, 0, body))) };
    // A length prefix that lies: the rest of the stream is read as part of the frame.
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32BE(r.pick([0, 1, 0x7fffffff, 0xffffffff, r.int(0, 200 * 1024 * 1024)]));
    return { kind: 'bad-prefix', bytes: Buffer.concat([prefix, this.envelope(key, 0, body)]) };
  }

  private envelope(apiKey: number, apiVersion: number, body: Uint8Array): Buffer {
    return Buffer.from(
      requestFrameType
        .encode({ apiKey, apiVersion, correlationId: this.correlationId++, clientId: 'fuzz', body })
        .finish(),
    );
  }

  /** One to three mutations of a copy of `input`. */
  private mutate(input: Buffer): Buffer {
    let out: Buffer = Buffer.from(input);
    const rounds = this.random.int(1, 3);
    for (let i = 0; i < rounds; i++) out = this.mutateOnce(out);
    return out;
  }

  private mutateOnce(input: Buffer): Buffer {
    const r = this.random;
    const at = r.int(0, input.length);
    const copies = (max: number, size: number) =>
      Math.max(1, Math.min(max, Math.floor(MAX_GROWN_BYTES / Math.max(1, size))));
    switch (r.int(0, 7)) {
      case 0: {
        // Bit flips.
        const out = Buffer.from(input);
        for (let i = r.int(1, 4); i > 0 && out.length > 0; i--) out[r.int(0, out.length - 1)]! ^= 1 << r.int(0, 7);
        return out;
      }
      case 1:
        return input.subarray(0, at);
      case 2:
        return Buffer.concat([input.subarray(0, at), r.bytes(r.int(1, 16)), input.subarray(at)]);
      case 3:
        return Buffer.concat([input.subarray(0, at), input.subarray(Math.min(input.length, at + r.int(1, 16)))]);
      case 4: {
        // A range repeated: repeated fields grow, singular ones are overwritten.
        const end = r.int(at, input.length);
        return Buffer.concat([
          input.subarray(0, end),
          ...Array.from({ length: copies(r.int(1, 50), end - at) }, () => input.subarray(at, end)),
          input.subarray(end),
        ]);
      }
      case 5:
        // A giant varint: a declared length or count far past the end of the message.
        return Buffer.concat([
          input.subarray(0, at),
          Buffer.from(
            r.pick([
              [0xff, 0xff, 0xff, 0xff, 0x07],
              [0xff, 0xff, 0xff, 0xff, 0x0f],
              [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
            ]),
          ),
          input.subarray(at),
        ]);
      case 6:
        // The whole message repeated: protobuf merges the copies, every repeated field grows.
        return Buffer.concat(Array.from({ length: copies(r.int(2, 200), input.length) }, () => input));
      default: {
        const out = Buffer.from(input);
        if (out.length > 0) out[r.int(0, out.length - 1)] = r.pick([0x00, 0x7f, 0x80, 0xff]);
        return out;
      }
    }
  }
}
