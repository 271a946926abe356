// When a batch that failed goes out again. While the broker is unreachable (a restart, a crash)
// the batch waits with capped backoff until the earliest deadline of the sends it carries (each
// send's `timeout` after it was made); an error code the broker answered with gets
// `retry.retries` more tries. Then the sends waiting on it are rejected.
import { isBrokerUnreachable, type MinibrokerError } from '../errors.js';
import { isRetriable, outageDelay, retryDelay, type ResolvedRetryOptions } from '../network/retry.js';

export interface RetriedBatch {
  readonly trackers: readonly { readonly deadline: number }[];
  readonly attempts: number;
}

export interface NextAttempt {
  delay: number;
  /** The broker answered (e.g. NOT_LEADER_OR_FOLLOWER): ask where the partition lives now. */
  refreshMetadata: boolean;
}

/** When to send the batch again, or undefined to give up. */
export function nextAttempt(
  batch: RetriedBatch,
  error: MinibrokerError,
  retry: ResolvedRetryOptions,
  now = Date.now(),
): NextAttempt | undefined {
  if (!isRetriable(error)) return undefined;
  const left = deadlineOf([batch]) - now;
  if (left <= 0) return undefined;
  if (isBrokerUnreachable(error))
    return { delay: Math.min(outageDelay(retry, batch.attempts), left), refreshMetadata: false };
  if (batch.attempts >= retry.retries) return undefined;
  return { delay: Math.min(retryDelay(retry, batch.attempts), left), refreshMetadata: true };
}

/** When the first send carried by these batches runs out of time. */
export function deadlineOf(batches: readonly RetriedBatch[]): number {
  return Math.min(...batches.flatMap((b) => b.trackers.map((t) => t.deadline)));
}
