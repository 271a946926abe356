// Fetch across partitions: reads whole batches within the request's byte limits and, when
// fewer than minBytes are available, long-polls until appends bring enough or the wait ends.
import { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import type { FetchWaiters } from './fetch-waiters.js';
import type { PartitionLog } from './partition-log.js';
import { UNBOUNDED_RESPONSE_BUDGET, type ResponseBudget } from './response-budget.js';
import type { TopicRegistry } from './topic-registry.js';

export interface PartitionFetch {
  topic: string;
  partition: number;
  offset: number;
  maxBytes: number;
}

export interface PartitionFetchResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage?: string;
  highWatermark: number;
  logStartOffset: number;
  batches: Buffer[];
}

export interface FetchLimits {
  minBytes: number;
  maxBytes: number;
  maxWaitMs: number;
}

export class Fetcher {
  constructor(private readonly topics: TopicRegistry, private readonly waiters: FetchWaiters) {}

  /** Fetches parked waiting for records right now. */
  get parked(): number {
    return this.waiters.size;
  }

  /** Reads no more than `budget` allows at the moment of each read, and tells it what was read. */
  async fetch(requests: readonly PartitionFetch[], limits: FetchLimits, budget: ResponseBudget = UNBOUNDED_RESPONSE_BUDGET): Promise<PartitionFetchResult[]> {
    const logs = requests.map((r) => this.logOf(r));
    let { results, bytes, failed } = this.readAll(requests, logs, Math.min(limits.maxBytes, budget.available()));
    budget.hold(bytes);
    if (failed || bytes >= limits.minBytes || limits.maxWaitMs <= 0) return results;
    // One subscription per partition, however often the request names it.
    const live = [...new Set(logs.filter((l): l is PartitionLog => !(l instanceof ProtocolError)))];
    await this.waiters.wait(live, limits.minBytes - bytes, limits.maxWaitMs);
    // The first read is dropped, so its bytes count no more (available() already excludes them).
    ({ results, bytes } = this.readAll(requests, logs, Math.min(limits.maxBytes, budget.available())));
    budget.hold(bytes);
    return results;
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

  private readAll(requests: readonly PartitionFetch[], logs: (PartitionLog | ProtocolError)[], maxBytes: number) {
    let remaining = maxBytes;
    let bytes = 0;
    let failed = false;
    const results = requests.map((request, i): PartitionFetchResult => {
      const log = logs[i]!;
      const base = { topic: request.topic, partition: request.partition };
      if (log instanceof ProtocolError) {
        failed = true;
        return { ...base, errorCode: log.code, errorMessage: log.message, highWatermark: -1, logStartOffset: -1, batches: [] };
      }
      try {
        // Every partition gets at least one whole batch while the response has room left.
        let batches: Buffer[] = [];
        if (remaining > 0) {
          const read = log.read(request.offset, Math.min(request.maxBytes, remaining));
          batches = read.batches;
          remaining -= read.bytes;
          bytes += read.bytes;
        } else log.checkOffset(request.offset);
        return { ...base, errorCode: 0, highWatermark: log.logEndOffset, logStartOffset: log.logStartOffset, batches };
      } catch (err) {
        if (!(err instanceof ProtocolError)) throw err;
        failed = true;
        return { ...base, errorCode: err.code, errorMessage: err.message, highWatermark: log.logEndOffset, logStartOffset: log.logStartOffset, batches: [] };
      }
    });
    return { results, bytes, failed };
  }
}
