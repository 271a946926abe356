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

export const DEFAULT_RETRY: ResolvedRetryOptions = {
  retries: 5,
  initialRetryTime: 100,
  maxRetryTime: 30_000,
  factor: 0.2,
  multiplier: 2,
};

export function resolveRetryOptions(...layers: (RetryOptions | undefined)[]): ResolvedRetryOptions {
  return Object.assign({}, DEFAULT_RETRY, ...layers.map((layer) => knownValues(layer ?? {}))) as ResolvedRetryOptions;
}

/** The numeric settings only: a layer may carry more (the consumer's restartOnFailure). */
function knownValues(options: RetryOptions): RetryOptions {
  return Object.fromEntries(Object.entries(options).filter(([k, v]) => k in DEFAULT_RETRY && v !== undefined));
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

/**
 * Backoff between attempts to reach a broker that is away, for as long as the caller keeps
 * trying: exponential from initialRetryTime, capped at maxRetryTime and at OUTAGE_BACKOFF_CAP_MS
 * so a client notices a broker that is back within about a second (as Kafka's
 * reconnect.backoff.max.ms).
 */
export function outageDelay(options: ResolvedRetryOptions, attempt: number, random = Math.random): number {
  return retryDelay(
    { ...options, maxRetryTime: Math.min(options.maxRetryTime, OUTAGE_BACKOFF_CAP_MS) },
    Math.min(attempt, 30),
    random,
  );
}

export const OUTAGE_BACKOFF_CAP_MS = 1000;

/** Resolves after `ms`, or at once when `signal` aborts (a stop need not wait out a backoff). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

export interface RetryContext {
  attempt: number;
  /** Stops retrying and rejects with this error. */
  bail: (error: unknown) => never;
}

/** Thrown through the retried function to stop retrying; unwrapped before the caller sees it. */
class Bail extends Error {
  constructor(readonly error: unknown) {
    super('retry bailed out');
  }
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
      // An inner retrier already spent a budget on this: retrying it here would multiply the waits.
      if (!run.shouldRetry && caught instanceof MinibrokerNumberOfRetriesExceeded) throw caught;
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
