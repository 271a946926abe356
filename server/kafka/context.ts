// What a Kafka API mapping receives and returns. Each mapping translates one Kafka request into
// the native handler's request (server/handlers/), so both protocols make the same core calls and
// answer with the same error codes, then translates the answer back.
import type { ApiHandlerName, Handler, HandlerContext, HandlerTable } from '../handlers/context.js';

export interface KafkaContext extends HandlerContext {
  /** The broker's native handler table, authorization applied: mappings call through it only. */
  readonly native: HandlerTable;
}

/** undefined means "send no response" (Produce with acks=0). */
export type KafkaHandler<Req, Res> = (
  request: Req,
  version: number,
  context: KafkaContext,
) => Res | undefined | Promise<Res | undefined>;

// The table stores handlers of different request types; `never` accepts every one of them.
export type AnyKafkaHandler = KafkaHandler<never, object>;

/**
 * The native handler a mapping delegates to, as the broker serves it (with its ACL checks), so
 * a Kafka client is authorized exactly as a native one. A missing entry is a wiring bug: the
 * dispatcher logs it and closes the connection.
 */
export function nativeHandler<N extends ApiHandlerName>(context: KafkaContext, api: N): Handler<N> {
  const handler: Handler<N> | undefined = context.native[api];
  if (!handler) throw new Error(`the broker serves no native ${api} handler`);
  return handler;
}

/** A Kafka topic id we cannot resolve (we have none): all zeros, as Kafka's "no id". */
export const NO_TOPIC_ID = Buffer.alloc(16);
/** Kafka's "authorized operations not requested". */
export const NO_AUTHORIZED_OPERATIONS = -2147483648;
