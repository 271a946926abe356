import { describe, expect, it } from 'vitest';
import { MinibrokerConnectionError, MinibrokerNumberOfRetriesExceeded, MinibrokerProtocolError } from '../../../../client-sdk/errors.js';
import { DEFAULT_RETRY } from '../../../../client-sdk/network/retry.js';
import { nextAttemptDelay } from '../../../../client-sdk/producer/retry-plan.js';
import { ErrorCode } from '../../../../protocol/errors.js';

const retry = { ...DEFAULT_RETRY, retries: 2, initialRetryTime: 100, maxRetryTime: 30_000, factor: 0 };
const unreachable = new MinibrokerNumberOfRetriesExceeded(new MinibrokerConnectionError('refused'), 5);
const notLeader = new MinibrokerProtocolError(ErrorCode.NOT_LEADER_OR_FOLLOWER);

describe('producer retry plan', () => {
  it('waits for an unreachable broker past the retry count, until the send timeout', () => {
    const batch = { createdAt: 0, timeout: 30_000, attempts: 40 };
    expect(nextAttemptDelay(batch, unreachable, retry, 10_000)).toBe(1000);
    expect(nextAttemptDelay(batch, unreachable, retry, 29_700)).toBe(300);
    expect(nextAttemptDelay(batch, unreachable, retry, 30_000)).toBeUndefined();
  });

  it('gives an error code the broker answered `retries` more tries, within the timeout', () => {
    expect(nextAttemptDelay({ createdAt: 0, timeout: 30_000, attempts: 0 }, notLeader, retry, 0)).toBe(100);
    expect(nextAttemptDelay({ createdAt: 0, timeout: 30_000, attempts: 1 }, notLeader, retry, 0)).toBe(200);
    expect(nextAttemptDelay({ createdAt: 0, timeout: 30_000, attempts: 2 }, notLeader, retry, 0)).toBeUndefined();
    expect(nextAttemptDelay({ createdAt: 0, timeout: 150, attempts: 1 }, notLeader, retry, 100)).toBe(50);
  });

  it('never retries a non-retriable error', () => {
    expect(nextAttemptDelay({ createdAt: 0, timeout: 30_000, attempts: 0 }, new MinibrokerProtocolError(ErrorCode.MESSAGE_TOO_LARGE), retry, 0)).toBeUndefined();
  });
});
