// Produce: record batches are stored as sent, after the same checks as the native Produce
// (the native handler does the appends). Transactional produces are not served yet, nor
// compressed batches (refused with UNSUPPORTED_COMPRESSION_TYPE, never stored).
import { ErrorCode } from '../../protocol/errors.js';
import type {
  ProduceRequest,
  ProduceRequestPartitionProduceData,
  ProduceResponse,
} from '../../protocol/kafka/generated/index.js';
import { handleProduce } from '../handlers/produce.js';
import { compressedCodec } from './compression.js';
import type { KafkaHandler } from './context.js';

const EMPTY = Buffer.alloc(0);

export const kafkaProduce: KafkaHandler<ProduceRequest, ProduceResponse> = async (request, _version, context) => {
  if (request.transactionalId !== null) {
    return {
      throttleTimeMs: 0,
      responses: request.topicData.map((t) => ({
        name: t.name,
        partitionResponses: t.partitionData.map((p) =>
          failed(p.index, ErrorCode.INVALID_REQUEST, 'transactions are not served over the Kafka protocol'),
        ),
      })),
    };
  }
  const compressed = compressedPartitions(request);
  const native = await handleProduce(
    {
      acks: request.acks,
      timeoutMs: request.timeoutMs,
      topics: request.topicData.map((t) => ({
        name: t.name,
        partitions: t.partitionData.map((p) => ({
          partition: p.index,
          records: (p.records as Buffer | null) ?? EMPTY,
        })),
      })),
    },
    context,
  );
  if (!native) return undefined;
  return {
    throttleTimeMs: 0,
    responses: request.topicData.map((t, i) => {
      const answered = native.topics[i]?.partitions ?? [];
      let next = 0;
      return {
        name: t.name,
        partitionResponses: t.partitionData.map((p) => {
          const codec = compressed.get(p);
          if (codec)
            return failed(
              p.index,
              ErrorCode.UNSUPPORTED_COMPRESSION_TYPE,
              `${codec}-compressed batches are not supported; send them uncompressed`,
            );
          const r = answered[next++];
          if (!r) return failed(p.index, ErrorCode.UNKNOWN_SERVER_ERROR, 'no answer');
          return {
            index: r.partition,
            errorCode: r.errorCode,
            baseOffset: r.baseOffset,
            logAppendTimeMs: -1,
            logStartOffset: r.logStartOffset,
            recordErrors: [],
            errorMessage: r.errorMessage === '' ? null : r.errorMessage,
          };
        }),
      };
    }),
  };
};

/** Partitions whose records hold a compressed batch, with the codec's name. */
function compressedPartitions(request: ProduceRequest): Map<ProduceRequestPartitionProduceData, string> {
  const found = new Map<ProduceRequestPartitionProduceData, string>();
  for (const t of request.topicData)
    for (const p of t.partitionData) {
      const codec = p.records instanceof Uint8Array ? compressedCodec(p.records) : undefined;
      if (codec) found.set(p, codec);
    }
  return found;
}

function failed(index: number, errorCode: number, errorMessage: string) {
  return { index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage };
}
