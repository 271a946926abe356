import { describe, expect, it } from 'vitest';
import {
  isBrokerUnreachable,
  MinibrokerConnectionError,
  MinibrokerError,
  MinibrokerNumberOfRetriesExceeded,
  MinibrokerProtocolError,
  MinibrokerRequestTimeoutError,
} from '../../../client-sdk/errors.js';
import { ErrorCode } from '../../../protocol/errors.js';

describe('SDK errors', () => {
  it('a retry that gave up is as retriable as its last error, and names the root error', () => {
    const refused = new MinibrokerConnectionError('refused', '127.0.0.1:1');
    const inner = new MinibrokerNumberOfRetriesExceeded(refused, 3);
    const outer = new MinibrokerNumberOfRetriesExceeded(inner, 5);
    expect(inner).toMatchObject({
      retriable: true,
      code: ErrorCode.NETWORK_EXCEPTION,
      type: 'NUMBER_OF_RETRIES_EXCEEDED',
    });
    expect(outer.originalError).toBe(refused);
    expect(outer.message).toBe('refused (gave up after 5 retries)');
    const fenced = new MinibrokerNumberOfRetriesExceeded(new MinibrokerProtocolError(ErrorCode.FENCED_INSTANCE_ID), 1);
    expect(fenced.retriable).toBe(false);
  });

  it('tells an unreachable broker from one that answered with an error code', () => {
    expect(isBrokerUnreachable(new MinibrokerConnectionError('closed'))).toBe(true);
    expect(isBrokerUnreachable(new MinibrokerRequestTimeoutError('slow'))).toBe(true);
    expect(
      isBrokerUnreachable(new MinibrokerNumberOfRetriesExceeded(new MinibrokerConnectionError('refused'), 2)),
    ).toBe(true);
    expect(isBrokerUnreachable(new MinibrokerProtocolError(ErrorCode.NOT_LEADER_OR_FOLLOWER))).toBe(false);
    expect(
      isBrokerUnreachable(
        new MinibrokerNumberOfRetriesExceeded(new MinibrokerProtocolError(ErrorCode.NOT_COORDINATOR), 2),
      ),
    ).toBe(false);
    expect(isBrokerUnreachable(new Error('x'))).toBe(false);
  });

  it('keeps the retriable flag of an application error it wraps', () => {
    const flagged = Object.assign(new Error('downstream busy'), { retriable: true });
    expect(MinibrokerProtocolError.from(flagged)).toMatchObject({ retriable: true, message: 'downstream busy' });
    expect(MinibrokerProtocolError.from(new Error('bug')).retriable).toBe(false);
    const own = new MinibrokerError('mine', { retriable: true });
    expect(MinibrokerProtocolError.from(own)).toBe(own);
  });
});
