// What every API handler receives: the broker's core services, the connection it serves and a
// logger. Handlers translate one wire request into core calls and back, nothing more.
import type { ApiMessages, RequestOf, ResponseOf } from '../../protocol/messages.js';
import type { OutgoingFetchResponse } from '../../protocol/fetch-response-frame.js';
import type { ResponseBudget } from '../core/response-budget.js';
import type { BrokerServices } from '../broker-services.js';
import type { Logger } from '../logger.js';
import type { Session } from '../security/session.js';

export interface ConnectionInfo {
  readonly id: number;
  readonly remoteAddress: string;
  /** The client id of the request being handled. */
  readonly clientId: string;
}

export interface HandlerContext {
  readonly services: BrokerServices;
  readonly connection: ConnectionInfo;
  /** The connection's principal and SASL state (User:ANONYMOUS on a broker without users). */
  readonly session: Session;
  readonly log: Logger;
  /** Bounds what this request's response may hold (its connection's room); none when absent. */
  readonly responseBudget?: ResponseBudget;
}

export type ApiHandlerName = keyof ApiMessages;

/** What a handler returns: the wire shape, except that a Fetch's records may stay separate batches. */
export type OutgoingResponseOf<N extends ApiHandlerName> = N extends 'Fetch' ? OutgoingFetchResponse : ResponseOf<N>;

/** undefined means "send no response" (Produce with acks=0). */
export type Handler<N extends ApiHandlerName> = (
  request: RequestOf<N>,
  context: HandlerContext,
) => OutgoingResponseOf<N> | undefined | Promise<OutgoingResponseOf<N> | undefined>;

export type HandlerTable = { readonly [N in ApiHandlerName]?: Handler<N> };
