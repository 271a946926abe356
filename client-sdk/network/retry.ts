// The one retry helper: exponential backoff with jitter, retrying only errors whose `retriable`
// flag is true. Producer batches reuse `retryDelay` for their own per-batch schedule.
import { MinibrokerError, MinibrokerNumberOfRetriesExceeded, MinibrokerProtocolError } from '../errors.js';

export interface RetryOptions {
  /** Attempts after the first. */
  retries?: number;
  initialRetryTime?: number;
  maxRetryTime?: number;
  /** Jitter: each delay is randomised within ±factor of itself. */
  factor?: number;
  multiplier?: number;
}

export type ResolvedRetryOptions = Required<RetryOptions>;

export const DEFAULT_RETRY: ResolvedRetryOptions = { retries: 5, initialRetryTime: 100, maxRetryTime: 30_000, factor: 0.2, multiplier: 2 };

export function resolveRetryOptions(...layers: (RetryOptions | undefined)[]): ResolvedRetryOptions {
  return Object.assign({}, DEFAULT_RETRY, ...layers.map((layer) => stripUndefined(layer ?? {})));
}

function stripUndefined(options: RetryOptions): RetryOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
}

export function isRetriable(error: unknown): boolean {
  return (error as { retriable?: unknown } | null)?.retriable === true;
}

/** The delay before retry number `attempt` (0-based), jittered. */
export function retryDelay(options: ResolvedRetryOptions, attempt: number, random = Math.random): number {
  const base = Math.min(options.initialRetryTime * options.multiplier ** attempt, options.maxRetryTime);
  const jitter = base * options.factor * (random() * 2 - 1);
  return Math.max(0, Math.round(Math.min(base + jitter, options.maxRetryTime)));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export interface RetryContext {
  attempt: number;
  /** Stops retrying and rejects with this error. */
  bail(error: unknown): never;
}

class Bail {
  constructor(readonly error: unknown) {}
}

export interface RetryRunOptions {
  /** Overrides the `retriable` check (the consumer retries every handler error). */
  shouldRetry?: (error: unknown) => boolean;
  onRetry?: (error: MinibrokerError, attempt: number, delayMs: number) => void;
  /** The first attempt already ran outside the helper and failed with this (a hot path's fast try). */
  previousFailure?: { error: unknown };
}

export type Retrier = <T>(fn: (context: RetryContext) => Promise<T>, run?: RetryRunOptions) => Promise<T>;

export function createRetrier(options: RetryOptions = {}): Retrier {
  const resolved = resolveRetryOptions(options);
  return async <T>(fn: (context: RetryContext) => Promise<T>, run: RetryRunOptions = {}): Promise<T> => {
    const shouldRetry = run.shouldRetry ?? isRetriable;
    const bail = (error: unknown): never => {
      throw new Bail(error);
    };
    let failure = run.previousFailure;
    for (let attempt = 0; ; attempt++) {
      if (!failure) {
        try {
          return await fn({ attempt, bail });
        } catch (caught) {
          failure = { error: caught };
        }
      }
      const caught = failure.error;
      failure = undefined;
      if (caught instanceof Bail) throw caught.error;
      if (!shouldRetry(caught)) throw caught;
      const error = MinibrokerProtocolError.from(caught);
      if (attempt >= resolved.retries) {
        if (resolved.retries === 0) throw caught;
        throw new MinibrokerNumberOfRetriesExceeded(error, attempt);
      }
      const delay = retryDelay(resolved, attempt);
      run.onRetry?.(error, attempt, delay);
      await sleep(delay);
    }
  };
}
