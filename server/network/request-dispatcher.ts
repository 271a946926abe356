// One request frame in, one response frame (or nothing) out: envelope decode, API and version
// check, body decode, the handler, response encode. Every failure becomes an error response;
// nothing here throws. The handler is called synchronously, so requests start in arrival order.
import { apiByKey, type ApiSpec } from '../../protocol/apis.js';
import { TooManyElementsError } from '../../protocol/element-count.js';
import { decodeBody, decodeRequestFrame, encodeBody, encodeResponseFrame } from '../../protocol/envelope.js';
import { ErrorCode } from '../../protocol/errors.js';
import { encodeFetchResponseFrame, type OutgoingFetchResponse } from '../../protocol/fetch-response-frame.js';
import type { RequestFrame } from '../../protocol/messages.js';
import type { ResponseBudget } from '../core/response-budget.js';
import type { BrokerServices } from '../broker-services.js';
import type { Handler, HandlerTable } from '../handlers/context.js';
import type { Logger } from '../logger.js';
import type { Session } from '../security/session.js';
import { RateLimitedLog } from '../rate-limited-log.js';
import type { RequestInterceptor } from './request-interceptor.js';
import { firstErrorCode, type RequestObserver } from './request-observer.js';

export interface DispatchResult {
  /** The encoded response frame as chunks to send in order; undefined sends nothing (acks=0). */
  frame: readonly Buffer[] | undefined;
  /** The connection cannot continue (the envelope itself was undecodable). */
  close: boolean;
}

export interface PeerInfo {
  readonly id: number;
  readonly remoteAddress: string;
  /** The client id of the latest request ('' before the first), so a client's connections can be found. */
  clientId: string;
  /** Who the connection is and where it stands in the SASL exchange. */
  readonly session: Session;
}

/** `budget` bounds the bytes the response may hold (the connection's room for it). */
export type Dispatcher = (frame: Buffer, peer: PeerInfo, budget?: ResponseBudget) => Promise<DispatchResult>;

const EMPTY = new Uint8Array(0);
const reply = (frame: Buffer | readonly Buffer[] | undefined, close = false): DispatchResult => ({
  frame: Buffer.isBuffer(frame) ? [frame] : frame,
  close,
});

/** A Fetch response keeps its record batches as separate chunks (no copy); others encode whole. */
function encodeResponse(spec: ApiSpec, correlationId: number, response: object): Buffer | Buffer[] {
  if (spec.name === 'Fetch') return encodeFetchResponseFrame(correlationId, response as OutgoingFetchResponse);
  return encodeResponseFrame(correlationId, encodeBody(spec.response, response));
}

/** What the observer learns of a request while it is dispatched. */
interface RequestNote {
  api: string;
  errorCode: number;
}

/**
 * `intercept` (tests only) wraps every handler call; without it the handler is called directly.
 * `observe` (metrics) is told of every answered request; without it nothing is measured.
 */
export function createDispatcher(
  handlers: HandlerTable,
  services: BrokerServices,
  log: Logger,
  intercept?: RequestInterceptor,
  observe?: RequestObserver,
): Dispatcher {
  // A client that keeps sending oversized requests must not flood the log.
  const refusals = new RateLimitedLog(log);
  const unauthenticated = new RateLimitedLog(log);
  const handlerOf = (spec: ApiSpec) =>
    handlers[spec.name as keyof HandlerTable] as Handler<keyof HandlerTable> | undefined;

  const dispatch = async (
    frame: Buffer,
    peer: PeerInfo,
    budget?: ResponseBudget,
    note?: RequestNote,
  ): Promise<DispatchResult> => {
    let envelope: RequestFrame;
    try {
      envelope = decodeRequestFrame(frame);
    } catch (err) {
      if (note) note.errorCode = ErrorCode.INVALID_REQUEST;
      log.warn(
        { connection: peer.id, remoteAddress: peer.remoteAddress, err: (err as Error).message },
        'undecodable request frame; closing the connection',
      );
      return reply(
        encodeResponseFrame(
          0,
          EMPTY,
          ErrorCode.INVALID_REQUEST,
          `undecodable request frame: ${(err as Error).message}`,
        ),
        true,
      );
    }
    const { apiKey, apiVersion, correlationId, clientId } = envelope;
    peer.clientId = clientId;
    const spec = apiByKey(apiKey);
    const handler = spec && handlerOf(spec);
    if (!spec || !handler || apiVersion < spec.minVersion || apiVersion > spec.maxVersion) {
      const what =
        spec && handler
          ? `${spec.name} version ${apiVersion} (supported ${spec.minVersion}..${spec.maxVersion})`
          : `API key ${apiKey}`;
      if (note) note.errorCode = ErrorCode.UNSUPPORTED_VERSION;
      log.debug({ connection: peer.id, clientId, apiKey, apiVersion, correlationId }, 'unsupported API or version');
      return reply(encodeResponseFrame(correlationId, EMPTY, ErrorCode.UNSUPPORTED_VERSION, `unsupported ${what}`));
    }
    const requestLog = { connection: peer.id, clientId, api: spec.name, correlationId };
    if (note) note.api = spec.name;
    if (!peer.session.allows(spec.name)) {
      if (note) note.errorCode = ErrorCode.ILLEGAL_SASL_STATE;
      unauthenticated.warn(
        { ...requestLog, remoteAddress: peer.remoteAddress },
        'request before SASL authentication; closing the connection',
      );
      const message = `${spec.name} is not allowed before SASL authentication (SaslHandshake, then SaslAuthenticate)`;
      return reply(encodeResponseFrame(correlationId, EMPTY, ErrorCode.ILLEGAL_SASL_STATE, message), true);
    }
    let request: object;
    try {
      request = decodeBody<object>(spec.request, envelope.body, services.config.maxRequestElements);
    } catch (err) {
      if (note) note.errorCode = ErrorCode.INVALID_REQUEST;
      if (err instanceof TooManyElementsError)
        refusals.warn(
          { ...requestLog, remoteAddress: peer.remoteAddress, limit: err.limit },
          'request refused: too many repeated elements',
        );
      else log.debug({ ...requestLog, err: (err as Error).message }, 'malformed request body');
      return reply(
        encodeResponseFrame(
          correlationId,
          EMPTY,
          ErrorCode.INVALID_REQUEST,
          `malformed ${spec.request}: ${(err as Error).message}`,
        ),
      );
    }
    log.debug(requestLog, 'request');
    try {
      const context = {
        services,
        connection: { id: peer.id, remoteAddress: peer.remoteAddress, clientId },
        session: peer.session,
        log,
        responseBudget: budget,
      };
      const response = intercept
        ? await intercept({ api: spec.name as keyof HandlerTable, request, connection: context.connection }, async () =>
            handler(request, context),
          )
        : await handler(request, context);
      if (response === undefined) return reply(undefined);
      if (note) note.errorCode = firstErrorCode(response);
      // A failed SASL exchange is answered, then the connection ends (as Kafka does).
      return reply(encodeResponse(spec, correlationId, response), peer.session.failed);
    } catch (err) {
      if (note) note.errorCode = ErrorCode.UNKNOWN_SERVER_ERROR;
      log.error({ ...requestLog, remoteAddress: peer.remoteAddress, err }, 'request handler failed');
      return reply(
        encodeResponseFrame(
          correlationId,
          EMPTY,
          ErrorCode.UNKNOWN_SERVER_ERROR,
          `the broker failed handling ${spec.name}`,
        ),
      );
    }
  };

  if (!observe) return (frame, peer, budget) => dispatch(frame, peer, budget);
  return async (frame, peer, budget) => {
    const started = performance.now();
    const note: RequestNote = { api: 'unknown', errorCode: 0 };
    const result = await dispatch(frame, peer, budget, note);
    const durationSeconds = (performance.now() - started) / 1000;
    let bytesOut = 0;
    for (const chunk of result.frame ?? []) bytesOut += chunk.length;
    observe({ api: note.api, errorCode: note.errorCode, durationSeconds, bytesIn: frame.length, bytesOut });
    return result;
  };
}
