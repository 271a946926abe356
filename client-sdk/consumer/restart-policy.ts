// Whether a crashed consumer runs again (KafkaJS's retry.restartOnFailure): only a crash caused
// by a retriable error restarts it — the broker kept answering a retriable error code past the
// retry budget, or a handler kept throwing an error flagged retriable — and restartOnFailure may
// veto that. A handler bug (a plain Error) or a non-retriable code stops the consumer for good.
import type { MinibrokerError } from '../errors.js';
import type { Logger } from '../logger.js';
import { isRetriable, type RetryOptions } from '../network/retry.js';

/** Resolves true to restart the consumer after a crash caused by `error` (always a MinibrokerError: `type` and `code` are there). */
export type RestartOnFailure = (error: MinibrokerError) => Promise<boolean>;

export interface ConsumerRetryOptions extends RetryOptions {
  /** Asked after a crash caused by a retriable error; absent: the consumer restarts. */
  restartOnFailure?: RestartOnFailure;
}

export async function shouldRestart(
  error: MinibrokerError,
  restartOnFailure: RestartOnFailure | undefined,
  logger: Logger,
): Promise<boolean> {
  if (!isRetriable(error)) return false;
  if (!restartOnFailure) return true;
  try {
    return Boolean(await restartOnFailure(error));
  } catch (caught) {
    // As KafkaJS: a failing callback must not leave the consumer dead by accident.
    logger.error({ error: (caught as Error)?.message }, 'restartOnFailure threw; restarting the consumer');
    return true;
  }
}
