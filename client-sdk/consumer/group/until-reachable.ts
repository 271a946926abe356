// A group step that needs the broker (metadata, committed offsets) waits out an outage instead
// of failing: it is tried again, with capped backoff, for as long as the broker is unreachable.
// Errors the broker answered with pass through; a stopping consumer ends the wait.
import { isBrokerUnreachable } from '../../errors.js';
import { outageDelay, sleep, type ResolvedRetryOptions } from '../../network/retry.js';
import { GroupStoppedError } from './membership.js';

export type UntilReachable = <T>(step: () => Promise<T>) => Promise<T>;

export function untilReachable(retry: ResolvedRetryOptions, signal: AbortSignal): UntilReachable {
  return async <T>(step: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await step();
      } catch (error) {
        if (!isBrokerUnreachable(error)) throw error;
        await sleep(outageDelay(retry, attempt), signal);
        if (signal.aborted) throw new GroupStoppedError();
      }
    }
  };
}
