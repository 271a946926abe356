// When a batch that failed goes out again. While the broker is unreachable (a restart, a crash)
// the batch waits with capped backoff for as long as its send's `timeout` allows, counted from
// when the batch was created (as Kafka's delivery.timeout.ms); an error code the broker answered
// with gets `retry.retries` more tries. Then the sends waiting on it are rejected.
import { isBrokerUnreachable, MinibrokerConnectionError, type MinibrokerError } from '../errors.js';
import { isRetriable, outageDelay, retryDelay, type ResolvedRetryOptions } from '../network/retry.js';

export interface RetriedBatch {
  readonly createdAt: number;
  readonly timeout: number;
  readonly attempts: number;
}

export interface NextAttempt {
  delay: number;
  /** The broker answered (e.g. NOT_LEADER_OR_FOLLOWER): ask where the partition lives now. */
  refreshMetadata: boolean;
}

/** When to send the batch again, or undefined to give up. */
export function nextAttempt(batch: RetriedBatch, error: MinibrokerError, retry: ResolvedRetryOptions, now = Date.now()): NextAttempt | undefined {
  if (!isRetriable(error)) return undefined;
  const left = deadlineOf([batch]) - now;
  if (left <= 0) return undefined;
  if (isBrokerUnreachable(error)) return { delay: Math.min(outageDelay(retry, batch.attempts), left), refreshMetadata: false };
  if (batch.attempts >= retry.retries) return undefined;
  return { delay: Math.min(retryDelay(retry, batch.attempts), left), refreshMetadata: true };
}

/** When the first of these batches runs out of time. */
export function deadlineOf(batches: readonly RetriedBatch[]): number {
  return Math.min(...batches.map((b) => b.createdAt + b.timeout));
}

/** `pending`, or a connection error once `deadline` passes first: reconnecting must not outlast a send's timeout. */
export function beforeDeadline<T>(pending: Promise<T>, deadline: number, address: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new MinibrokerConnectionError(`no connection to ${address} within the send timeout`, address)), Math.max(0, deadline - Date.now()));
    pending.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
