// Produce: record batches are stored as sent, after the same checks as the native Produce
// (the native handler does the appends; compressed batches are checked decompressed there).
// Idempotence and transactions need nothing here: producer id, epoch, sequence and the
// transactional flag travel in each batch's header, which the native append checks.
import { ErrorCode } from '../../protocol/errors.js';
import type { ProduceRequest, ProduceResponse } from '../../protocol/kafka/generated/index.js';
import { nativeHandler, type KafkaHandler } from './context.js';

const EMPTY = Buffer.alloc(0);

export const kafkaProduce: KafkaHandler<ProduceRequest, ProduceResponse> = async (request, _version, context) => {
  const native = await nativeHandler(context, 'Produce')(
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

function failed(index: number, errorCode: number, errorMessage: string) {
  return { index, errorCode, baseOffset: -1, logAppendTimeMs: -1, logStartOffset: -1, recordErrors: [], errorMessage };
}
