import { describe, expect, it } from 'vitest';
import { MinibrokerConnectionError, MinibrokerNumberOfRetriesExceeded, MinibrokerProtocolError } from '../../../../client-sdk/errors.js';
import { DEFAULT_RETRY } from '../../../../client-sdk/network/retry.js';
import { beforeDeadline, deadlineOf, nextAttempt } from '../../../../client-sdk/producer/retry-plan.js';
import { ErrorCode } from '../../../../protocol/errors.js';

const retry = { ...DEFAULT_RETRY, retries: 2, initialRetryTime: 100, maxRetryTime: 30_000, factor: 0 };
const unreachable = new MinibrokerNumberOfRetriesExceeded(new MinibrokerConnectionError('refused'), 5);
const notLeader = new MinibrokerProtocolError(ErrorCode.NOT_LEADER_OR_FOLLOWER);

describe('producer retry plan', () => {
  it('waits for an unreachable broker past the retry count, until the send timeout', () => {
    const batch = { createdAt: 0, timeout: 30_000, attempts: 40 };
    // The metadata is still right while the broker is away: no refresh, which would cost a reconnect budget.
    expect(nextAttempt(batch, unreachable, retry, 10_000)).toEqual({ delay: 1000, refreshMetadata: false });
    expect(nextAttempt(batch, unreachable, retry, 29_700)).toEqual({ delay: 300, refreshMetadata: false });
    expect(nextAttempt(batch, unreachable, retry, 30_000)).toBeUndefined();
  });

  it('gives an error code the broker answered `retries` more tries, within the timeout', () => {
    expect(nextAttempt({ createdAt: 0, timeout: 30_000, attempts: 0 }, notLeader, retry, 0)).toEqual({ delay: 100, refreshMetadata: true });
    expect(nextAttempt({ createdAt: 0, timeout: 30_000, attempts: 1 }, notLeader, retry, 0)).toEqual({ delay: 200, refreshMetadata: true });
    expect(nextAttempt({ createdAt: 0, timeout: 30_000, attempts: 2 }, notLeader, retry, 0)).toBeUndefined();
    expect(nextAttempt({ createdAt: 0, timeout: 150, attempts: 1 }, notLeader, retry, 100)).toEqual({ delay: 50, refreshMetadata: true });
  });

  it('never retries a non-retriable error', () => {
    expect(nextAttempt({ createdAt: 0, timeout: 30_000, attempts: 0 }, new MinibrokerProtocolError(ErrorCode.MESSAGE_TOO_LARGE), retry, 0)).toBeUndefined();
  });

  it('bounds the wait for a connection by the earliest deadline of the batches', async () => {
    expect(deadlineOf([{ createdAt: 10, timeout: 100, attempts: 0 }, { createdAt: 5, timeout: 50, attempts: 0 }])).toBe(55);
    await expect(beforeDeadline(Promise.resolve('connection'), Date.now() + 60_000, 'b')).resolves.toBe('connection');
    const never = new Promise<string>(() => {});
    await expect(beforeDeadline(never, Date.now(), 'broker 0')).rejects.toMatchObject({ retriable: true, code: ErrorCode.NETWORK_EXCEPTION, message: 'no connection to broker 0 within the send timeout' });
  });
});
