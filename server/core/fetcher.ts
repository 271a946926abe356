// Fetch across partitions: reads whole batches within the request's byte limits and, when
// fewer than minBytes are available, long-polls until appends bring enough or the wait ends.
// All Fetches together read at most about READ_STEP_BYTES per event-loop turn (ReadPacer), so
// big Fetches cannot hold up every other client for their whole reads; a small one, when the turn
// has room, completes without waiting.
import { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import { FetchRead, type PartitionFetch, type PartitionFetchResult } from './fetch-read.js';
import type { FetchWaiters } from './fetch-waiters.js';
import type { PartitionLog } from './partition-log.js';
import { ReadPacer } from './read-pacer.js';
import { UNBOUNDED_RESPONSE_BUDGET, type ResponseBudget } from './response-budget.js';
import type { TopicRegistry } from './topic-registry.js';

export type { PartitionFetch, PartitionFetchResult } from './fetch-read.js';

export interface FetchLimits {
  minBytes: number;
  maxBytes: number;
  maxWaitMs: number;
}

export class Fetcher {
  constructor(
    private readonly topics: TopicRegistry,
    private readonly waiters: FetchWaiters,
    private readonly pacer = new ReadPacer(),
  ) {}

  /** Fetches parked waiting for records right now. */
  get parked(): number {
    return this.waiters.size;
  }

  /** Reads no more than `budget` allows at the moment of each read, and tells it what was read. */
  async fetch(
    requests: readonly PartitionFetch[],
    limits: FetchLimits,
    budget: ResponseBudget = UNBOUNDED_RESPONSE_BUDGET,
  ): Promise<PartitionFetchResult[]> {
    const logs = requests.map((r) => this.logOf(r));
    // Awaited only when the read took turns: a small read parks in the same turn, missing no append.
    let first = this.readAll(requests, logs, limits.maxBytes, budget);
    if (first instanceof Promise) first = await first;
    if (first.failed || first.bytes >= limits.minBytes || limits.maxWaitMs <= 0) return first.results;
    // One subscription per partition, however often the request names it.
    const live = [...new Set(logs.filter((l): l is PartitionLog => !(l instanceof ProtocolError)))];
    await this.waiters.wait(live, limits.minBytes - first.bytes, limits.maxWaitMs);
    return (await this.readAll(requests, logs, limits.maxBytes, budget)).results;
  }

  private logOf(request: PartitionFetch): PartitionLog | ProtocolError {
    try {
      const topic = this.topics.get(request.topic);
      if (!topic) throw new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic ${request.topic}`);
      return this.topics.partition(topic, request.partition);
    } catch (err) {
      return err as ProtocolError;
    }
  }

  private readAll(
    requests: readonly PartitionFetch[],
    logs: (PartitionLog | ProtocolError)[],
    maxBytes: number,
    budget: ResponseBudget,
  ): FetchRead | Promise<FetchRead> {
    return this.continueRead(new FetchRead(requests, logs, maxBytes, budget, this.pacer));
  }

  /** A read that waited for a turn takes one step even if others spent the turn's allowance first, so none starves. */
  private continueRead(read: FetchRead, waited = false): FetchRead | Promise<FetchRead> {
    while (!read.done) {
      if (this.pacer.allowance === 0 && !waited) return this.pacer.nextTurn().then(() => this.continueRead(read, true));
      waited = false;
      read.step();
    }
    read.settle();
    return read;
  }
}
