import { describe, expect, it } from 'vitest';
import {
  MinibrokerConnectionError,
  MinibrokerNumberOfRetriesExceeded,
  MinibrokerProtocolError,
} from '../../../../client-sdk/errors.js';
import { DEFAULT_RETRY } from '../../../../client-sdk/network/retry.js';
import { deadlineOf, nextAttempt } from '../../../../client-sdk/producer/retry-plan.js';
import { ErrorCode } from '../../../../protocol/errors.js';

const retry = { ...DEFAULT_RETRY, retries: 2, initialRetryTime: 100, maxRetryTime: 30_000, factor: 0 };
const unreachable = new MinibrokerNumberOfRetriesExceeded(new MinibrokerConnectionError('refused'), 5);
const notLeader = new MinibrokerProtocolError(ErrorCode.NOT_LEADER_OR_FOLLOWER);
const batch = (attempts: number, ...deadlines: number[]) => ({
  attempts,
  trackers: deadlines.map((deadline) => ({ deadline })),
});

describe('producer retry plan', () => {
  it('waits for an unreachable broker past the retry count, until the first send deadline', () => {
    // The metadata is still right while the broker is away: no refresh, which would cost a reconnect budget.
    expect(nextAttempt(batch(40, 30_000, 50_000), unreachable, retry, 10_000)).toEqual({
      delay: 1000,
      refreshMetadata: false,
    });
    expect(nextAttempt(batch(40, 30_000, 50_000), unreachable, retry, 29_700)).toEqual({
      delay: 300,
      refreshMetadata: false,
    });
    expect(nextAttempt(batch(40, 30_000, 50_000), unreachable, retry, 30_000)).toBeUndefined();
  });

  it('gives an error code the broker answered `retries` more tries, within the deadline', () => {
    expect(nextAttempt(batch(0, 30_000), notLeader, retry, 0)).toEqual({ delay: 100, refreshMetadata: true });
    expect(nextAttempt(batch(1, 30_000), notLeader, retry, 0)).toEqual({ delay: 200, refreshMetadata: true });
    expect(nextAttempt(batch(2, 30_000), notLeader, retry, 0)).toBeUndefined();
    expect(nextAttempt(batch(1, 150), notLeader, retry, 100)).toEqual({ delay: 50, refreshMetadata: true });
  });

  it('never retries a non-retriable error', () => {
    expect(
      nextAttempt(batch(0, 30_000), new MinibrokerProtocolError(ErrorCode.MESSAGE_TOO_LARGE), retry, 0),
    ).toBeUndefined();
  });

  it('takes the earliest deadline of every send the batches carry', () => {
    expect(deadlineOf([batch(0, 110, 90), batch(3, 55)])).toBe(55);
  });
});
