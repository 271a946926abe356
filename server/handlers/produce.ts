import { ErrorCode } from '../../protocol/errors.js';
import type { ProducePartition, ProducePartitionResponse } from '../../protocol/messages.js';
import type { BatchInfo } from '../../protocol/record-batch.js';
import type { Topic } from '../core/topic-registry.js';
import type { TransactionCoordinator } from '../transactions/coordinator.js';
import { allowed, mayCreateTopic } from '../security/authorize-handlers.js';
import type { Handler, HandlerContext } from './context.js';
import { itemError, type ItemError } from './error-code.js';
import type { Logger } from '../logger.js';
import { RateLimitedLog } from '../rate-limited-log.js';

const VALID_ACKS = new Set([-1, 0, 1]);

export const handleProduce: Handler<'Produce'> = async (request, context) => {
  const acks = request.acks ?? 1;
  const acksError: ItemError | undefined = VALID_ACKS.has(acks)
    ? undefined
    : { errorCode: ErrorCode.INVALID_REQUIRED_ACKS, errorMessage: `acks must be -1, 0 or 1, got ${acks}` };
  // Appends are queued synchronously, in request order, before anything is awaited: pipelined
  // produces to one partition keep their order and share one append batch.
  const pending = request.topics.map(({ name, partitions }) => {
    let topic: Topic | undefined;
    let topicError = acksError;
    if (!topicError && !allowed(context, 'WRITE', 'TOPIC', name))
      topicError = {
        errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED,
        errorMessage: `not authorized to write to ${name}`,
      };
    if (!topicError) {
      try {
        topic = context.services.topics.resolve(name, mayCreateTopic(context, name));
      } catch (err) {
        topicError = itemError(err, context.log, { topic: name });
      }
    }
    return { name, partitions: partitions.map((p) => appendOne(context, name, topic, topicError, p, acks === -1)) };
  });
  const topics = await Promise.all(
    pending.map(async ({ name, partitions }) => ({ name, partitions: await Promise.all(partitions) })),
  );
  return acks === 0 ? undefined : { topics };
};

/** Transactional batches must come from the current epoch of a transaction holding the partition. */
function checkTransactional(
  transactions: TransactionCoordinator,
  topic: string,
  partition: number,
  batches: readonly BatchInfo[],
): void {
  for (const b of batches)
    if (b.transactional) transactions.checkTransactionalBatch(b.producerId, b.producerEpoch, topic, partition);
}

/** Refusals of a batch's content: the client's fault, worth one line naming it, never a stack. */
const REFUSED_BATCH = new Set<number>([
  ErrorCode.CORRUPT_MESSAGE,
  ErrorCode.MESSAGE_TOO_LARGE,
  ErrorCode.INVALID_RECORD,
  ErrorCode.PRODUCER_FENCED,
  ErrorCode.INVALID_TXN_STATE,
  ErrorCode.INVALID_PRODUCER_ID_MAPPING,
]);
/** Per broker (keyed by its services), so a client sending bad batches in a loop cannot flood the log. */
const refusalLogs = new WeakMap<object, RateLimitedLog>();
const refusalLog = (services: object, log: Logger) =>
  refusalLogs.get(services) ?? refusalLogs.set(services, new RateLimitedLog(log)).get(services)!;

async function appendOne(
  { services, log, connection }: HandlerContext,
  topicName: string,
  topic: Topic | undefined,
  topicError: ItemError | undefined,
  { partition, records }: ProducePartition,
  durable: boolean,
): Promise<ProducePartitionResponse> {
  const failed = (e: ItemError): ProducePartitionResponse => ({ partition, ...e, baseOffset: -1, logStartOffset: -1 });
  if (topicError || !topic)
    return failed(topicError ?? { errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: '' });
  try {
    const result = await services.topics
      .partition(topic, partition)
      .append(records, durable, (batches) => checkTransactional(services.transactions, topic.name, partition, batches));
    return {
      partition,
      errorCode: 0,
      errorMessage: '',
      baseOffset: result.baseOffset,
      logStartOffset: result.logStartOffset,
    };
  } catch (err) {
    const refused = itemError(err, log, { topic: topicName, partition });
    if (REFUSED_BATCH.has(refused.errorCode)) {
      refusalLog(services, log).warn(
        {
          topic: topicName,
          partition,
          clientId: connection.clientId,
          remoteAddress: connection.remoteAddress,
          reason: refused.errorMessage,
        },
        'refused a record batch',
      );
    }
    return failed(refused);
  }
}
