// Fault injection for the test broker: evict a member, force a rebalance, cut a client's
// connections, slow an API down or make it fail. Request faults act through the dispatcher's
// interceptor seam; group faults go through the coordinator's own paths (session expiry,
// rebalance), so clients see exactly what a real failure would show them.
import { Api, type ApiName } from '../protocol/apis.js';
import { allErrorCodes } from '../protocol/errors.js';
import { errorResponse } from '../server/handlers/error-responses.js';
import type { Broker, RequestInterceptor } from '../server/index.js';
import { describeGroup } from './group-state.js';

export interface DelayOptions {
  /** The API's name as in the protocol: 'Fetch', 'OffsetCommit', 'Heartbeat', … */
  api: ApiName;
  /** How long each response is held back after the request was handled. */
  ms: number;
  /** Only requests from this client id (default: every client). */
  clientId?: string;
}

export interface FailOptions {
  api: ApiName;
  /** The error code every item of the response carries (see ErrorCode). */
  errorCode: number;
  /** How many requests fail before the API answers normally again (default 1). */
  times?: number;
  /** Only requests from this client id (default: every client). */
  clientId?: string;
}

export interface DropOptions {
  api: ApiName;
  /** How many requests are handled but never answered (default 1). */
  times?: number;
  /** Only requests from this client id (default: every client). */
  clientId?: string;
}

export interface Faults {
  /** Removes the member as if its session had expired: its next heartbeat gets UNKNOWN_MEMBER_ID and the group rebalances. */
  kickMember(groupId: string, memberId: string): void;
  /** Starts a rebalance as the coordinator does when the group's metadata changes: heartbeats get REBALANCE_IN_PROGRESS. */
  forceRebalance(groupId: string): void;
  /** Cuts every connection whose latest request came from this client id, as a network failure would; returns how many. */
  dropConnections(options: { clientId: string }): number;
  /** Holds back every response of the API by `ms` until removed (the returned function) or cleared. */
  delayResponses(options: DelayOptions): () => void;
  /** Answers the next `times` requests of the API with the error code, without handling them. */
  failNext(options: FailOptions): void;
  /**
   * Handles the next `times` requests of the API, then cuts their connection instead of answering:
   * a response lost on the way back, so the client cannot tell whether the request took effect.
   */
  dropResponses(options: DropOptions): void;
  /** Removes every delay and pending failure and releases held responses. */
  clear(): void;
}

interface Rule {
  clientId: string | undefined;
}
interface Failure extends Rule {
  errorCode: number;
  remaining: number;
}
interface Delay extends Rule {
  ms: number;
}
interface Drop extends Rule {
  remaining: number;
}

const KNOWN_CODES = new Set(allErrorCodes.map((e) => e.code));

export class FaultInjector implements Faults {
  private broker: Broker | undefined;
  private readonly failures = new Map<ApiName, Failure[]>();
  private readonly delays = new Map<ApiName, Delay[]>();
  private readonly drops = new Map<ApiName, Drop[]>();
  private readonly held = new Set<() => void>();

  /** The dispatcher hook; next() runs synchronously unless a failure answers instead, so request order is kept. */
  readonly intercept: RequestInterceptor = async (call, next) => {
    const api = call.api;
    const failure = this.takeFailure(api, call.connection.clientId);
    const response = failure === undefined ? next() : errorResponse(api, call.request as never, failure);
    if (this.takeCounted(this.drops, api, call.connection.clientId)) {
      const value = await response;
      this.attached().dropConnections((c) => c.id === call.connection.id);
      return value; // written to a closed connection: the client never sees it
    }
    const delay = this.matching(this.delays.get(api), call.connection.clientId);
    if (delay === undefined) return response;
    const value = await response;
    await this.hold(delay.ms);
    return value;
  };

  attach(broker: Broker): void {
    this.broker = broker;
  }

  kickMember(groupId: string, memberId: string): void {
    const services = this.attached().services;
    if (!services.coordinators.forGroup(groupId).testHooks.expireMember(groupId, memberId)) {
      throw new Error(
        `kickMember: no member "${memberId}" in group "${groupId}" (${describeGroup(services, groupId)}${memberList(this.attached(), groupId)})`,
      );
    }
  }

  forceRebalance(groupId: string): void {
    const services = this.attached().services;
    if (!services.coordinators.forGroup(groupId).testHooks.forceRebalance(groupId)) {
      throw new Error(
        `forceRebalance: group "${groupId}" has no members to rebalance (${describeGroup(services, groupId)})`,
      );
    }
  }

  dropConnections({ clientId }: { clientId: string }): number {
    if (typeof clientId !== 'string' || clientId === '')
      throw new TypeError('dropConnections needs { clientId }, a non-empty string');
    return this.attached().dropConnections((connection) => connection.clientId === clientId);
  }

  delayResponses({ api, ms, clientId }: DelayOptions): () => void {
    checkApi('delayResponses', api);
    if (!Number.isInteger(ms) || ms < 0)
      throw new TypeError(`delayResponses: ms must be a non-negative integer, got ${String(ms)}`);
    const delay: Delay = { ms, clientId };
    this.delays.set(api, [...(this.delays.get(api) ?? []), delay]);
    return () =>
      this.delays.set(
        api,
        (this.delays.get(api) ?? []).filter((d) => d !== delay),
      );
  }

  failNext({ api, errorCode, times = 1, clientId }: FailOptions): void {
    checkApi('failNext', api);
    if (!Number.isInteger(errorCode) || errorCode === 0 || !KNOWN_CODES.has(errorCode)) {
      throw new TypeError(
        `failNext: errorCode must be a known non-zero error code (see ErrorCode), got ${String(errorCode)}`,
      );
    }
    if (!Number.isInteger(times) || times < 1)
      throw new TypeError(`failNext: times must be a positive integer, got ${String(times)}`);
    this.failures.set(api, [...(this.failures.get(api) ?? []), { errorCode, remaining: times, clientId }]);
  }

  dropResponses({ api, times = 1, clientId }: DropOptions): void {
    checkApi('dropResponses', api);
    if (!Number.isInteger(times) || times < 1)
      throw new TypeError(`dropResponses: times must be a positive integer, got ${String(times)}`);
    this.drops.set(api, [...(this.drops.get(api) ?? []), { remaining: times, clientId }]);
  }

  clear(): void {
    this.failures.clear();
    this.drops.clear();
    this.delays.clear();
    for (const release of [...this.held]) release();
  }

  private takeFailure(api: ApiName, clientId: string): number | undefined {
    return this.takeCounted(this.failures, api, clientId)?.errorCode;
  }

  /** The first rule of the API matching the client, counted down and removed at zero. */
  private takeCounted<R extends Rule & { remaining: number }>(
    rules: Map<ApiName, R[]>,
    api: ApiName,
    clientId: string,
  ): R | undefined {
    const rule = this.matching(rules.get(api), clientId);
    if (!rule) return undefined;
    if (--rule.remaining === 0)
      rules.set(
        api,
        rules.get(api)!.filter((r) => r !== rule),
      );
    return rule;
  }

  private matching<R extends Rule>(rules: R[] | undefined, clientId: string): R | undefined {
    return rules?.find((r) => r.clientId === undefined || r.clientId === clientId);
  }

  private hold(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const release = () => {
        clearTimeout(timer);
        this.held.delete(release);
        resolve();
      };
      const timer = setTimeout(release, ms);
      this.held.add(release);
    });
  }

  private attached(): Broker {
    if (!this.broker) throw new Error('the test broker is not started');
    return this.broker;
  }
}

function checkApi(fault: string, api: unknown): asserts api is ApiName {
  if (typeof api !== 'string' || !Object.hasOwn(Api, api)) {
    throw new TypeError(`${fault}: unknown API ${JSON.stringify(api)}; expected one of ${Object.keys(Api).join(', ')}`);
  }
}

function memberList(broker: Broker, groupId: string): string {
  const members = broker.services.coordinators
    .forGroup(groupId)
    .describeGroup(groupId)
    .members.map((m) => m.memberId);
  return members.length > 0 ? `: ${members.join(', ')}` : '';
}
