// The codec walks generated descriptions: round trips in classic and flexible versions, Kafka's
// byte layouts, null handling, tagged fields, and the bounds on every length it reads.
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  encodeMessage,
  KafkaDecodeError,
  KafkaReader,
  KafkaTooManyElementsError,
  KafkaWriter,
} from '../../../../protocol/kafka/codec.js';
import { kafkaApis } from '../../../../protocol/kafka/generated/index.js';
import type {
  ApiVersionsRequest,
  FetchResponse,
  MetadataRequest,
  MetadataResponse,
  ProduceRequest,
} from '../../../../protocol/kafka/generated/index.js';
import type { MessageSpec } from '../../../../protocol/kafka/schema.js';

function encode(spec: MessageSpec, version: number, value: object): Buffer {
  const w = new KafkaWriter();
  encodeMessage(spec, version, value, w);
  return Buffer.concat(w.finish());
}

const decode = <T>(spec: MessageSpec, version: number, bytes: Buffer, maxElements?: number) =>
  decodeMessage<T>(spec, version, new KafkaReader(bytes, maxElements));

describe('Kafka codec', () => {
  const produce = {
    transactionalId: null,
    acks: -1,
    timeoutMs: 30000,
    topicData: [{ name: 'orders', partitionData: [{ index: 2, records: Buffer.from([1, 2, 3]) }] }],
  };

  it('round-trips a classic (v7) and a flexible (v9) Produce', () => {
    for (const version of [7, 9]) {
      const bytes = encode(kafkaApis.Produce.request, version, produce);
      const back = decode<ProduceRequest>(kafkaApis.Produce.request, version, bytes);
      expect(back.acks).toBe(-1);
      expect(back.transactionalId).toBeNull();
      expect(back.topicData[0]!.name).toBe('orders');
      expect(Buffer.from(back.topicData[0]!.partitionData[0]!.records as Uint8Array)).toEqual(Buffer.from([1, 2, 3]));
    }
  });

  it("writes Kafka's layouts: int16-prefixed strings and int32 counts in classic versions, varints in flexible ones", () => {
    const classic = encode(kafkaApis.Metadata.request, 1, { topics: [{ name: 'ab' }] });
    expect(classic.toString('hex')).toBe('00000001' + '0002' + '6162');
    const flexible = encode(kafkaApis.Metadata.request, 9, {
      topics: [{ name: 'ab' }],
      allowAutoTopicCreation: true,
      includeTopicAuthorizedOperations: false,
    });
    // count+1, name length+1, "ab", topic's tagged fields, three booleans, the message's tagged fields.
    expect(flexible.toString('hex')).toBe('02' + '03' + '6162' + '00' + '01' + '00' + '00' + '00');
  });

  it('reads a null array as null where the version allows it, and refuses it where it does not', () => {
    const nullTopics = Buffer.from('ffffffff', 'hex');
    expect(decode<MetadataRequest>(kafkaApis.Metadata.request, 1, nullTopics).topics).toBeNull();
    const nullName = Buffer.from('00000001ffff', 'hex');
    expect(() => decode(kafkaApis.Metadata.request, 1, nullName)).toThrow(KafkaDecodeError);
  });

  it('writes tagged fields only when they differ from their default, and reads them back', () => {
    const partition = {
      partitionIndex: 0,
      errorCode: 0,
      highWatermark: 1,
      lastStableOffset: 1,
      logStartOffset: 0,
      divergingEpoch: { epoch: -1, endOffset: -1 },
      currentLeader: { leaderId: -1, leaderEpoch: -1 },
      snapshotId: { endOffset: -1, epoch: -1 },
      abortedTransactions: [],
      preferredReadReplica: -1,
      records: [Buffer.from([9]), Buffer.from([8])],
    };
    const response = {
      throttleTimeMs: 0,
      errorCode: 0,
      sessionId: 0,
      responses: [{ topic: 't', partitions: [partition] }],
    };
    const plain = encode(kafkaApis.Fetch.response, 12, response);
    const leader = { ...partition, currentLeader: { leaderId: 3, leaderEpoch: 4 } };
    const tagged = encode(kafkaApis.Fetch.response, 12, {
      ...response,
      responses: [{ topic: 't', partitions: [leader] }],
    });
    expect(tagged.length).toBeGreaterThan(plain.length);
    const back = decode<FetchResponse>(kafkaApis.Fetch.response, 12, tagged);
    const p = back.responses[0]!.partitions[0]!;
    expect(p.currentLeader).toEqual({ leaderId: 3, leaderEpoch: 4 });
    expect(Buffer.from(p.records as Uint8Array)).toEqual(Buffer.from([9, 8]));
  });

  it('skips unknown tagged fields', () => {
    // ApiVersions v3: two compact strings, then one tagged field (tag 9, 2 bytes).
    const bytes = Buffer.from('02610262' + '01' + '09' + '02' + 'ffff', 'hex');
    const back = decode<ApiVersionsRequest>(kafkaApis.ApiVersions.request, 3, bytes);
    expect(back).toEqual({ clientSoftwareName: 'a', clientSoftwareVersion: 'b' });
  });

  it('bounds every length by the bytes left and arrays by the element budget', () => {
    // An array count of a million with no bytes behind it.
    expect(() => decode(kafkaApis.Metadata.request, 1, Buffer.from('000f4240', 'hex'))).toThrow(KafkaDecodeError);
    // A string longer than the frame.
    expect(() => decode(kafkaApis.Metadata.request, 1, Buffer.from('000000017fff61', 'hex'))).toThrow(KafkaDecodeError);
    // A varint that never ends.
    expect(() => decode(kafkaApis.Metadata.request, 9, Buffer.from('ffffffffffff', 'hex'))).toThrow(KafkaDecodeError);
    // More elements than the budget allows.
    const three = encode(kafkaApis.Metadata.request, 1, { topics: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    expect(() => decode(kafkaApis.Metadata.request, 1, three, 2)).toThrow(KafkaTooManyElementsError);
  });

  it('never throws anything but a decode error on random bytes or truncations', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed;
    };
    const valid = encode(kafkaApis.Produce.request, 9, produce);
    for (let i = 0; i < 2000; i++) {
      const bytes =
        i % 2 === 0
          ? Buffer.from(Array.from({ length: random() % 64 }, () => random() & 0xff))
          : valid.subarray(0, random() % valid.length);
      for (const [name, spec] of Object.entries(kafkaApis)) {
        const version = spec.minVersion + (random() % (spec.maxVersion - spec.minVersion + 1));
        try {
          decode(spec.request, version, bytes, 1000);
        } catch (err) {
          if (!(err instanceof KafkaDecodeError))
            throw new Error(`${name} v${version}: ${String(err)}`, { cause: err });
        }
      }
    }
  });

  it("round-trips a message much larger than the writer's buffer, written in many small pieces", () => {
    const response = {
      throttleTimeMs: 0,
      brokers: [{ nodeId: 0, host: 'localhost', port: 9092, rack: null }],
      clusterId: 'c',
      controllerId: 0,
      clusterAuthorizedOperations: -2147483648,
      topics: Array.from({ length: 40 }, (_, t) => ({
        errorCode: 0,
        name: `topic-${t}`,
        topicId: Buffer.alloc(16, t),
        isInternal: false,
        topicAuthorizedOperations: -2147483648,
        partitions: Array.from({ length: 8 }, (_, p) => ({
          errorCode: 0,
          partitionIndex: p,
          leaderId: 0,
          leaderEpoch: 0,
          replicaNodes: [0],
          isrNodes: [0],
          offlineReplicas: [],
        })),
      })),
    };
    for (const version of [6, 12]) {
      const bytes = encode(kafkaApis.Metadata.response, version, response);
      expect(bytes.length).toBeGreaterThan(4096);
      const back = decode<MetadataResponse>(kafkaApis.Metadata.response, version, bytes);
      expect(back.topics.map((t) => [t.name, t.partitions.map((p) => p.partitionIndex)])).toEqual(
        response.topics.map((t) => [t.name, t.partitions.map((p) => p.partitionIndex)]),
      );
    }
  });
});
