import { describe, expect, it } from 'vitest';
import {
  MinibrokerConnectionError,
  MinibrokerNumberOfRetriesExceeded,
  MinibrokerProtocolError,
} from '../../../../client-sdk/errors.js';
import { DEFAULT_RETRY } from '../../../../client-sdk/network/retry.js';
import { beforeDeadline, untilReachable } from '../../../../client-sdk/network/until-reachable.js';
import { ErrorCode } from '../../../../protocol/errors.js';

const retry = { ...DEFAULT_RETRY, initialRetryTime: 1, maxRetryTime: 2 };
const unreachable = () => new MinibrokerNumberOfRetriesExceeded(new MinibrokerConnectionError('refused'), 5);

describe('waiting out an outage', () => {
  it('tries a step again for as long as the broker is unreachable, far past the retry count', async () => {
    let calls = 0;
    const result = await untilReachable(async () => {
      if (++calls < 3 * DEFAULT_RETRY.retries) throw unreachable();
      return 'through';
    }, retry);
    expect(result).toBe('through');
    expect(calls).toBe(3 * DEFAULT_RETRY.retries);
  });

  it('passes an error the broker answered with at once', async () => {
    let calls = 0;
    const answered = new MinibrokerProtocolError(ErrorCode.NOT_COORDINATOR);
    await expect(
      untilReachable(async () => {
        calls++;
        throw answered;
      }, retry),
    ).rejects.toBe(answered);
    expect(calls).toBe(1);
  });

  it('gives up with the last error when the deadline passes or the signal aborts', async () => {
    await expect(
      untilReachable(async () => Promise.reject(unreachable()), retry, { deadline: Date.now() + 20 }),
    ).rejects.toMatchObject({ retriable: true, code: ErrorCode.NETWORK_EXCEPTION });
    const controller = new AbortController();
    let calls = 0;
    const waiting = untilReachable(
      async () => {
        if (++calls === 2) controller.abort();
        throw unreachable();
      },
      retry,
      { signal: controller.signal },
    );
    await expect(waiting).rejects.toBeInstanceOf(MinibrokerNumberOfRetriesExceeded);
    expect(calls).toBe(2);
  });

  it('cuts a step short at the deadline with a retriable connection error', async () => {
    await expect(beforeDeadline(Promise.resolve('connection'), Date.now() + 60_000, 'b')).resolves.toBe('connection');
    await expect(beforeDeadline(new Promise<string>(() => {}), Date.now(), 'broker 0')).rejects.toMatchObject({
      retriable: true,
      code: ErrorCode.NETWORK_EXCEPTION,
      message: 'could not reach broker 0 within the send timeout',
    });
    // A step that never settles is cut short too, so a send never outlives its timeout.
    await expect(
      untilReachable(() => new Promise<string>(() => {}), retry, { deadline: Date.now() + 10 }),
    ).rejects.toBeInstanceOf(MinibrokerConnectionError);
  });
});
