// When a batch that failed goes out again. While the broker is unreachable (a restart, a crash)
// the batch waits with capped backoff for as long as its send's `timeout` allows, counted from
// when the batch was created (as Kafka's delivery.timeout.ms); an error code the broker answered
// with gets `retry.retries` more tries. Then the sends waiting on it are rejected.
import { isBrokerUnreachable, type MinibrokerError } from '../errors.js';
import { isRetriable, outageDelay, retryDelay, type ResolvedRetryOptions } from '../network/retry.js';

export interface RetriedBatch {
  readonly createdAt: number;
  readonly timeout: number;
  readonly attempts: number;
}

/** Milliseconds to wait before sending the batch again, or undefined to give up. */
export function nextAttemptDelay(batch: RetriedBatch, error: MinibrokerError, retry: ResolvedRetryOptions, now = Date.now()): number | undefined {
  if (!isRetriable(error)) return undefined;
  const left = batch.createdAt + batch.timeout - now;
  if (left <= 0) return undefined;
  if (isBrokerUnreachable(error)) return Math.min(outageDelay(retry, batch.attempts), left);
  if (batch.attempts >= retry.retries) return undefined;
  return Math.min(retryDelay(retry, batch.attempts), left);
}
