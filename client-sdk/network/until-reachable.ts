// Waiting out a broker outage: a step that fails because the broker is unreachable is tried
// again, with capped backoff, until it gets through, a deadline passes or the caller stops.
// Errors the broker answered with pass through at once: retrying those has its own budget.
import { isBrokerUnreachable, MinibrokerConnectionError } from '../errors.js';
import { outageDelay, sleep, type ResolvedRetryOptions } from './retry.js';

export interface ReachableWait {
  /** Give up (with the last error) at this time: a producer send's timeout. */
  deadline?: number;
  /** Give up (with the last error) when this aborts: a consumer stopping. */
  signal?: AbortSignal;
}

export type UntilReachable = <T>(step: () => Promise<T>) => Promise<T>;

export async function untilReachable<T>(
  step: () => Promise<T>,
  retry: ResolvedRetryOptions,
  wait: ReachableWait = {},
): Promise<T> {
  const { deadline, signal } = wait;
  for (let attempt = 0; ; attempt++) {
    try {
      return await (deadline === undefined ? step() : beforeDeadline(step(), deadline, 'the broker'));
    } catch (error) {
      if (!isBrokerUnreachable(error)) throw error;
      const left = (deadline ?? Infinity) - Date.now();
      if (left <= 0 || signal?.aborted) throw error;
      await sleep(Math.min(outageDelay(retry, attempt), left), signal);
      if (signal?.aborted) throw error;
    }
  }
}

/** `pending`, or a connection error once `deadline` passes first (the attempt goes on unobserved). */
export function beforeDeadline<T>(pending: Promise<T>, deadline: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new MinibrokerConnectionError(`could not reach ${what} within the send timeout`)),
      Math.max(0, deadline - Date.now()),
    );
    pending.then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error: unknown) => (clearTimeout(timer), reject(error)),
    );
  });
}
