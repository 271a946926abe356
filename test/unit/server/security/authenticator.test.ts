import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorCode } from '../../../../protocol/errors.js';
import { Authenticator } from '../../../../server/security/authenticator.js';
import { Writable } from 'node:stream';
import { pino } from 'pino';

function captureLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, sink), lines: () => lines };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Authenticator', () => {
  it('answers a failed attempt only after the failure delay, and logs it', async () => {
    vi.useFakeTimers();
    const { logger, lines } = captureLogger();
    const authenticator = new Authenticator({
      users: [{ username: 'alice', password: 'pw' }],
      failureDelayMs: 5000,
      log: logger,
    });
    const session = authenticator.newSession('10.0.0.1:5000');
    expect(session.handshake('PLAIN')).toBe(0);
    let answered = false;
    const answer = session.authenticate(Buffer.from('\0alice\0wrong')).then((a) => ((answered = true), a));
    await vi.advanceTimersByTimeAsync(4999);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await answer).toMatchObject({ errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED });
    expect(session.failed).toBe(true);
    expect(lines()).toContainEqual(
      expect.objectContaining({ msg: 'SASL authentication failed', username: 'alice', remoteAddress: '10.0.0.1:5000' }),
    );
  });

  it('makes open sessions (User:ANONYMOUS) when no users are configured', () => {
    const { logger } = captureLogger();
    const session = new Authenticator({ users: [], failureDelayMs: 0, log: logger }).newSession('x');
    expect(session.authenticated).toBe(true);
    expect(session.principal).toBe('User:ANONYMOUS');
    expect(session.allows('Produce')).toBe(true);
  });

  it('sets the principal to User:<name> on success', async () => {
    const { logger } = captureLogger();
    const session = new Authenticator({
      users: [{ username: 'alice', password: 'pw' }],
      failureDelayMs: 0,
      log: logger,
    }).newSession('x');
    expect(session.allows('Produce')).toBe(false);
    session.handshake('PLAIN');
    await session.authenticate(Buffer.from('\0alice\0pw'));
    expect(session.principal).toBe('User:alice');
    expect(session.allows('Produce')).toBe(true);
  });
});
