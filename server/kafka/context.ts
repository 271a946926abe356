// What a Kafka API mapping receives and returns. Each mapping translates one Kafka request into
// the native handler's request (server/handlers/), so both protocols make the same core calls and
// answer with the same error codes, then translates the answer back.
import type { HandlerContext } from '../handlers/context.js';

/** undefined means "send no response" (Produce with acks=0). */
export type KafkaHandler<Req, Res> = (
  request: Req,
  version: number,
  context: HandlerContext,
) => Res | undefined | Promise<Res | undefined>;

// The table stores handlers of different request types; `never` accepts every one of them.
export type AnyKafkaHandler = KafkaHandler<never, object>;

/** A Kafka topic id we cannot resolve (we have none): all zeros, as Kafka's "no id". */
export const NO_TOPIC_ID = Buffer.alloc(16);
/** Kafka's "authorized operations not requested". */
export const NO_AUTHORIZED_OPERATIONS = -2147483648;
