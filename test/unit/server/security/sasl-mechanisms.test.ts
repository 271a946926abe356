import { describe, expect, it } from 'vitest';
import { scramAuthenticate } from '../../../../client-sdk/network/sasl-scram.js';
import type { ScramMechanism } from '../../../../protocol/scram.js';
import { PlainServer } from '../../../../server/security/sasl-plain.js';
import type { SaslStep } from '../../../../server/security/sasl-mechanism.js';
import { ScramServer } from '../../../../server/security/sasl-scram.js';
import { UserStore } from '../../../../server/security/user-store.js';

const users = new UserStore([
  { username: 'alice', password: 'wonderland' },
  { username: 'b,o=b', password: 'builder' },
]);

/** Runs the SDK's SCRAM client against a ScramServer; resolves with the server's last step. */
async function runScram(mechanism: ScramMechanism, username: string, password: string) {
  const server = new ScramServer(mechanism, users);
  let last: SaslStep | undefined;
  const sent: Buffer[] = [];
  const outcome = await scramAuthenticate(mechanism, username, password, (bytes) => {
    sent.push(bytes);
    last = server.step(bytes);
    if (last.kind === 'failure') return Promise.reject(new Error(last.reason));
    return Promise.resolve(last.bytes);
  }).then(
    () => 'ok',
    (error: Error) => error.message,
  );
  return { outcome, last, sent };
}

describe('ScramServer', () => {
  it.each(['SCRAM-SHA-256', 'SCRAM-SHA-512'] as const)('%s accepts the right password', async (mechanism) => {
    const { outcome, last } = await runScram(mechanism, 'alice', 'wonderland');
    expect(outcome).toBe('ok');
    expect(last).toMatchObject({ kind: 'success', username: 'alice' });
  });

  it('accepts a name with escaped characters', async () => {
    expect((await runScram('SCRAM-SHA-256', 'b,o=b', 'builder')).outcome).toBe('ok');
  });

  it('refuses a wrong password, and an unknown user only at the end (no user enumeration)', async () => {
    expect((await runScram('SCRAM-SHA-256', 'alice', 'nope')).last).toMatchObject({
      kind: 'failure',
      reason: 'wrong username or password',
    });
    const unknown = await runScram('SCRAM-SHA-256', 'mallory', 'x');
    expect(unknown.sent).toHaveLength(2);
    expect(unknown.last).toMatchObject({ kind: 'failure', reason: 'wrong username or password' });
  });

  it('refuses a client-final replayed into a new exchange', async () => {
    const { sent } = await runScram('SCRAM-SHA-256', 'alice', 'wonderland');
    const server = new ScramServer('SCRAM-SHA-256', users);
    expect(server.step(sent[0]!).kind).toBe('challenge');
    expect(server.step(sent[1]!)).toMatchObject({ kind: 'failure', reason: 'SCRAM nonce does not match' });
  });

  it.each([
    ['garbage', 'hello'],
    ['channel binding requested', 'p=tls-server-end-point,,n=alice,r=abc'],
    ['no nonce', 'n,,n=alice'],
    ['empty', ''],
    ['bad escape', 'n,,n=al=ice,r=abc'],
    ['foreign authzid', 'n,a=bob,n=alice,r=abc'],
  ])('refuses a malformed client-first message (%s)', (_what, text) => {
    expect(new ScramServer('SCRAM-SHA-256', users).step(Buffer.from(text)).kind).toBe('failure');
  });

  it('refuses a truncated client-final and any step after the end', () => {
    const server = new ScramServer('SCRAM-SHA-256', users);
    const first = server.step(Buffer.from('n,,n=alice,r=abc'));
    expect(first.kind).toBe('challenge');
    const nonce = /r=([^,]+)/.exec((first as { bytes: Buffer }).bytes.toString())![1]!;
    expect(server.step(Buffer.from(`c=biws,r=${nonce}`)).kind).toBe('failure');
    expect(server.step(Buffer.from('anything')).kind).toBe('failure');
  });
});

describe('PlainServer', () => {
  const step = (text: string) => new PlainServer(users).step(Buffer.from(text));

  it('accepts the right password, with or without an authorization id', () => {
    expect(step('\0alice\0wonderland')).toMatchObject({ kind: 'success', username: 'alice' });
    expect(step('alice\0alice\0wonderland')).toMatchObject({ kind: 'success', username: 'alice' });
  });

  it.each([
    ['a wrong password', '\0alice\0wrong'],
    ['an unknown user', '\0mallory\0wonderland'],
    ['a foreign authorization id', 'bob\0alice\0wonderland'],
    ['a missing field', 'alice\0wonderland'],
    ['an empty password', '\0alice\0'],
  ])('refuses %s', (_what, text) => {
    expect(step(text).kind).toBe('failure');
  });

  it('takes one message only', () => {
    const server = new PlainServer(users);
    server.step(Buffer.from('\0alice\0wonderland'));
    expect(server.step(Buffer.from('\0alice\0wonderland')).kind).toBe('failure');
  });
});
