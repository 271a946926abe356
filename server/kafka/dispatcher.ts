// One Kafka request frame in, one Kafka response frame (or nothing) out: header, API and version
// check, body decode, the API's mapping, response encode. Nothing here throws. As Kafka's broker
// does, a request that cannot be decoded closes the connection (its response could not be framed
// for the client); an unsupported API or version is answered and the connection stays open.
import { ErrorCode } from '../../protocol/errors.js';
import {
  decodeMessage,
  encodeMessage,
  KafkaReader,
  KafkaTooManyElementsError,
  KafkaWriter,
} from '../../protocol/kafka/codec.js';
import { kafkaApis, type KafkaApiSpec } from '../../protocol/kafka/generated/index.js';
import { readRequestHeader, responseFrame, type KafkaRequestHeader } from '../../protocol/kafka/header.js';
import type { MessageSpec } from '../../protocol/kafka/schema.js';
import type { BrokerServices } from '../broker-services.js';
import type { HandlerContext } from '../handlers/context.js';
import type { Logger } from '../logger.js';
import { RateLimitedLog } from '../rate-limited-log.js';
import type { ResponseBudget } from '../core/response-budget.js';
import type { DispatchResult, Dispatcher, PeerInfo } from '../network/request-dispatcher.js';
import type { RequestObserver } from '../network/request-observer.js';
import { firstErrorCode } from '../network/request-observer.js';
import { advertisedApis } from './api-versions.js';
import type { AnyKafkaHandler } from './context.js';

export type KafkaHandlerTable = Readonly<Partial<Record<keyof typeof kafkaApis, AnyKafkaHandler>>>;

const API_VERSIONS_KEY = kafkaApis.ApiVersions.key;
const specsByKey = new Map<number, [string, KafkaApiSpec]>(
  Object.entries(kafkaApis).map(([name, spec]) => [spec.key, [name, spec]]),
);

const isFlexible = (spec: MessageSpec, version: number) => spec.flexibleFrom !== null && version >= spec.flexibleFrom;

const close = (): DispatchResult => ({ frame: undefined, close: true });

export function createKafkaDispatcher(
  table: KafkaHandlerTable,
  services: BrokerServices,
  log: Logger,
  observe?: RequestObserver,
): Dispatcher {
  const refusals = new RateLimitedLog(log);
  const unauthenticated = new RateLimitedLog(log);
  const served = new Set(Object.keys(table));
  const apiKeys = advertisedApis(served);
  const servedSpec = (key: number, version: number): [string, KafkaApiSpec] | undefined => {
    const entry = specsByKey.get(key);
    if (!entry || !served.has(entry[0])) return undefined;
    const spec = entry[1];
    return version >= spec.minVersion && version <= spec.maxVersion ? entry : undefined;
  };
  // The header is v2 (tagged fields) for flexible versions of the APIs we serve, v1 otherwise.
  const flexibleHeader = (key: number, version: number) => {
    const entry = servedSpec(key, version);
    return entry !== undefined && isFlexible(entry[1].request, version);
  };

  /** Kafka answers an ApiVersions of an unknown version in v0's layout, listing what it supports. */
  const unsupportedApiVersions = (correlationId: number) => {
    const body = new KafkaWriter();
    encodeMessage(kafkaApis.ApiVersions.response, 0, { errorCode: ErrorCode.UNSUPPORTED_VERSION, apiKeys }, body);
    return responseFrame(correlationId, false, body);
  };

  const dispatch = async (
    frame: Buffer,
    peer: Parameters<Dispatcher>[1],
    budget: Parameters<Dispatcher>[2],
    note: { api: string; errorCode: number },
  ): Promise<DispatchResult> => {
    const reader = new KafkaReader(frame, services.config.maxRequestElements);
    let header: KafkaRequestHeader;
    try {
      header = readRequestHeader(reader, flexibleHeader);
    } catch (err) {
      note.errorCode = ErrorCode.INVALID_REQUEST;
      refusals.warn(
        { connection: peer.id, remoteAddress: peer.remoteAddress, err: (err as Error).message },
        'undecodable Kafka request header; closing the connection',
      );
      return close();
    }
    const { apiKey, apiVersion, correlationId, clientId } = header;
    peer.clientId = clientId;
    const entry = servedSpec(apiKey, apiVersion);
    if (!entry) {
      note.errorCode = ErrorCode.UNSUPPORTED_VERSION;
      log.debug(
        { connection: peer.id, clientId, apiKey, apiVersion },
        'Kafka request of an unsupported API or version',
      );
      if (apiKey === API_VERSIONS_KEY) return { frame: unsupportedApiVersions(correlationId), close: false };
      // No layout of an unknown version can be known: the error code alone, the connection kept.
      const body = new KafkaWriter();
      body.int16(ErrorCode.UNSUPPORTED_VERSION);
      return { frame: responseFrame(correlationId, false, body), close: false };
    }
    const [name, spec] = entry;
    note.api = name;
    const requestLog = { connection: peer.id, clientId, api: name, apiVersion, correlationId };
    // SASL is not served over the Kafka protocol: on a broker that requires authentication a Kafka
    // connection can never authenticate, so anything past ApiVersions closes it (as Kafka closes
    // a connection that skips authentication). ACLs are only enforced with authentication on, so
    // they are never bypassed here.
    if (!peer.session.allows(name)) {
      note.errorCode = ErrorCode.ILLEGAL_SASL_STATE;
      unauthenticated.warn(
        { ...requestLog, remoteAddress: peer.remoteAddress },
        'Kafka-protocol request on a broker that requires SASL (not served over the Kafka protocol); closing the connection',
      );
      return close();
    }
    let request: object;
    try {
      request = decodeMessage<object>(spec.request, apiVersion, reader);
    } catch (err) {
      note.errorCode = ErrorCode.INVALID_REQUEST;
      const detail = err instanceof KafkaTooManyElementsError ? { limit: err.limit } : { err: (err as Error).message };
      refusals.warn(
        { ...requestLog, remoteAddress: peer.remoteAddress, ...detail },
        'malformed Kafka request; closing the connection',
      );
      return close();
    }
    const handler = table[name as keyof KafkaHandlerTable]!;
    const context: HandlerContext = {
      services,
      connection: { id: peer.id, remoteAddress: peer.remoteAddress, clientId },
      session: peer.session,
      log,
      responseBudget: budget,
    };
    log.debug(requestLog, 'Kafka request');
    let response: object | undefined;
    try {
      response = await handler(request as never, apiVersion, context);
    } catch (err) {
      note.errorCode = ErrorCode.UNKNOWN_SERVER_ERROR;
      log.error({ ...requestLog, remoteAddress: peer.remoteAddress, err }, 'Kafka request handler failed');
      return close();
    }
    if (response === undefined) return { frame: undefined, close: false };
    note.errorCode = firstErrorCode(response);
    const body = new KafkaWriter();
    try {
      encodeMessage(spec.response, apiVersion, response, body);
    } catch (err) {
      // A mapping's answer that the version cannot carry: a bug of ours; the client must not wait forever.
      note.errorCode = ErrorCode.UNKNOWN_SERVER_ERROR;
      log.error({ ...requestLog, err }, 'Kafka response could not be encoded; closing the connection');
      return close();
    }
    // ApiVersions answers with header v0 whatever its version, so any client can read it.
    const flexible = apiKey !== API_VERSIONS_KEY && isFlexible(spec.response, apiVersion);
    return { frame: responseFrame(correlationId, flexible, body), close: false };
  };

  const observed = async (frame: Buffer, peer: PeerInfo, budget?: ResponseBudget): Promise<DispatchResult> => {
    const started = performance.now();
    const note = { api: 'unknown', errorCode: 0 };
    const result = await dispatch(frame, peer, budget, note);
    if (observe) {
      let bytesOut = 0;
      for (const chunk of result.frame ?? []) bytesOut += chunk.length;
      const durationSeconds = (performance.now() - started) / 1000;
      observe({ api: note.api, errorCode: note.errorCode, durationSeconds, bytesIn: frame.length, bytesOut });
    }
    return result;
  };

  // Kafka clients may rely on responses coming back in request order (Java's do), as Kafka sends
  // them: requests start at once, but each answer waits for the ones before it on its connection.
  const previousOf = new WeakMap<PeerInfo, Promise<DispatchResult>>();
  return (frame, peer, budget) => {
    const result = observed(frame, peer, budget);
    const previous = previousOf.get(peer);
    const ordered = previous ? previous.then(() => result) : result;
    previousOf.set(peer, ordered);
    return ordered;
  };
}
