import { describe, expect, it } from 'vitest';
import {
  MinibrokerConnectionError,
  MinibrokerError,
  MinibrokerNumberOfRetriesExceeded,
  MinibrokerProtocolError,
} from '../../../../client-sdk/errors.js';
import { shouldRestart } from '../../../../client-sdk/consumer/restart-policy.js';
import { ErrorCode } from '../../../../protocol/errors.js';
import { captureLogger } from '../../../helpers/capture-logger.js';

const retriable = new MinibrokerNumberOfRetriesExceeded(
  new MinibrokerProtocolError(ErrorCode.NOT_LEADER_OR_FOLLOWER),
  5,
);

describe('restart after a crash', () => {
  it('restarts after retriable errors by default, never after the others', async () => {
    const logger = captureLogger();
    expect(await shouldRestart(retriable, undefined, logger)).toBe(true);
    expect(await shouldRestart(new MinibrokerConnectionError('refused'), undefined, logger)).toBe(true);
    // A handler that kept throwing a plain Error: a bug, not worth restarting for.
    const handlerBug = new MinibrokerNumberOfRetriesExceeded(MinibrokerProtocolError.from(new Error('bug')), 5);
    expect(await shouldRestart(handlerBug, undefined, logger)).toBe(false);
    expect(await shouldRestart(new MinibrokerProtocolError(ErrorCode.FENCED_INSTANCE_ID), undefined, logger)).toBe(
      false,
    );
    // One flagged retriable by the application is.
    const flagged = new MinibrokerNumberOfRetriesExceeded(
      MinibrokerProtocolError.from(Object.assign(new Error('busy'), { retriable: true })),
      5,
    );
    expect(await shouldRestart(flagged, undefined, logger)).toBe(true);
  });

  it('asks restartOnFailure about retriable errors only, and follows its answer', async () => {
    const asked: Error[] = [];
    const no = async (error: Error) => (asked.push(error), false);
    expect(await shouldRestart(retriable, no, captureLogger())).toBe(false);
    expect(await shouldRestart(new MinibrokerError('bug'), no, captureLogger())).toBe(false);
    expect(asked).toEqual([retriable]);
    expect(await shouldRestart(retriable, async () => true, captureLogger())).toBe(true);
  });

  it('restarts, with an error line, when restartOnFailure throws (as KafkaJS)', async () => {
    const logger = captureLogger();
    expect(await shouldRestart(retriable, async () => Promise.reject(new Error('oops')), logger)).toBe(true);
    expect(logger.lines.map((l) => [l.level, l.msg])).toEqual([
      ['error', 'restartOnFailure threw; restarting the consumer'],
    ]);
  });
});
