import { describe, expect, it } from 'vitest';
import {
  MinibrokerConnectionError,
  MinibrokerError,
  MinibrokerNumberOfRetriesExceeded,
  MinibrokerProtocolError,
} from '../../../../client-sdk/errors.js';
import {
  createRetrier,
  DEFAULT_RETRY,
  isRetriable,
  outageDelay,
  resolveRetryOptions,
  retryDelay,
  sleep,
} from '../../../../client-sdk/network/retry.js';
import { ErrorCode } from '../../../../protocol/errors.js';

const fast = { retries: 3, initialRetryTime: 1, maxRetryTime: 5 };

describe('retry helper', () => {
  it('retries retriable errors until the call succeeds', async () => {
    let calls = 0;
    const result = await createRetrier(fast)(async () => {
      if (++calls < 3) throw new MinibrokerProtocolError(ErrorCode.NOT_LEADER_OR_FOLLOWER);
      return 'ok';
    });
    expect(result).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry an error whose retriable flag is false', async () => {
    let calls = 0;
    const error = new MinibrokerProtocolError(ErrorCode.INVALID_TOPIC_EXCEPTION);
    await expect(
      createRetrier(fast)(async () => {
        calls++;
        throw error;
      }),
    ).rejects.toBe(error);
    expect(calls).toBe(1);
  });

  it('does not retry plain errors without the flag', async () => {
    let calls = 0;
    await expect(
      createRetrier(fast)(async () => {
        calls++;
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });

  it('gives up after `retries` retries with the last error as cause', async () => {
    let calls = 0;
    const error = await createRetrier(fast)(async () => {
      calls++;
      throw new MinibrokerError('flaky', { retriable: true, code: ErrorCode.NETWORK_EXCEPTION });
    }).catch((e: unknown) => e);
    expect(calls).toBe(4);
    expect(error).toBeInstanceOf(MinibrokerNumberOfRetriesExceeded);
    expect((error as MinibrokerNumberOfRetriesExceeded).code).toBe(ErrorCode.NETWORK_EXCEPTION);
    expect((error as Error).cause).toBeInstanceOf(MinibrokerError);
  });

  it('stops at once on bail', async () => {
    let calls = 0;
    await expect(
      createRetrier(fast)(async ({ bail }) => {
        calls++;
        bail(new Error('stop'));
      }),
    ).rejects.toThrow('stop');
    expect(calls).toBe(1);
  });

  it('can retry every error and count an attempt already made', async () => {
    let calls = 0;
    await createRetrier(fast)(
      async () => {
        if (++calls < 2) throw new Error('handler');
      },
      { shouldRetry: () => true, previousFailure: { error: new Error('first') } },
    );
    expect(calls).toBe(2);
    calls = 0;
    await expect(
      createRetrier({ ...fast, retries: 1 })(
        async () => {
          calls++;
          throw new Error('handler');
        },
        { shouldRetry: () => true, previousFailure: { error: new Error('first') } },
      ),
    ).rejects.toBeInstanceOf(MinibrokerNumberOfRetriesExceeded);
    expect(calls).toBe(1);
  });

  it('backs off exponentially with bounded jitter, capped at maxRetryTime', () => {
    const options = { ...DEFAULT_RETRY, initialRetryTime: 100, multiplier: 2, factor: 0.2, maxRetryTime: 1000 };
    expect(retryDelay(options, 0, () => 0.5)).toBe(100);
    expect(retryDelay(options, 1, () => 0.5)).toBe(200);
    expect(retryDelay(options, 2, () => 1)).toBe(480);
    expect(retryDelay(options, 2, () => 0)).toBe(320);
    expect(retryDelay(options, 10, () => 1)).toBe(1000);
  });

  it('reads the flag alone', () => {
    expect(isRetriable(new MinibrokerProtocolError(ErrorCode.LEADER_NOT_AVAILABLE))).toBe(true);
    expect(isRetriable({ retriable: true })).toBe(true);
    expect(isRetriable(new Error('x'))).toBe(false);
    expect(isRetriable(null)).toBe(false);
  });

  it('does not retry what an inner retrier gave up on (no multiplied waits), unless told to retry everything', async () => {
    const exhausted = new MinibrokerNumberOfRetriesExceeded(new MinibrokerConnectionError('refused'), 3);
    expect(exhausted.retriable).toBe(true);
    let calls = 0;
    await expect(
      createRetrier(fast)(async () => {
        calls++;
        throw exhausted;
      }),
    ).rejects.toBe(exhausted);
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      createRetrier(fast)(
        async () => {
          calls++;
          throw exhausted;
        },
        { shouldRetry: () => true },
      ),
    ).rejects.toBeInstanceOf(MinibrokerNumberOfRetriesExceeded);
    expect(calls).toBe(fast.retries + 1);
  });

  it('backs off through an outage exponentially, capped at maxRetryTime and at one second', () => {
    const options = { ...DEFAULT_RETRY, initialRetryTime: 100, factor: 0, maxRetryTime: 30_000 };
    expect([0, 1, 2, 3, 4, 50].map((attempt) => outageDelay(options, attempt))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(outageDelay({ ...options, maxRetryTime: 50 }, 10)).toBe(50);
  });

  it('keeps only the numeric settings of each layer', () => {
    const resolved = resolveRetryOptions({ retries: 1 }, {
      initialRetryTime: 7,
      restartOnFailure: async () => true,
    } as never);
    expect(resolved).toEqual({ ...DEFAULT_RETRY, retries: 1, initialRetryTime: 7 });
  });

  it('sleeps until the time is up, or until the signal aborts', async () => {
    const controller = new AbortController();
    let woke = false;
    const sleeping = sleep(60_000, controller.signal).then(() => (woke = true));
    await Promise.resolve();
    expect(woke).toBe(false);
    controller.abort();
    await sleeping;
    expect(woke).toBe(true);
    await sleep(60_000, controller.signal); // already aborted: at once
    await sleep(1);
  });
});
