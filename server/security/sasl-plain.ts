// PLAIN (RFC 4616): one message, `authzid NUL authcid NUL password`. Only over TLS or loopback
// is it safe to send; the password is checked against the salted credential in constant time.
import type { SaslMechanismServer, SaslStep } from './sasl-mechanism.js';
import type { UserStore } from './user-store.js';

const MAX_FIELD_BYTES = 255;

export class PlainServer implements SaslMechanismServer {
  private done = false;

  constructor(private readonly users: UserStore) {}

  step(input: Buffer): SaslStep {
    if (this.done) return { kind: 'failure', reason: 'PLAIN takes a single message' };
    this.done = true;
    const parts = input.toString('utf8').split('\0');
    if (parts.length !== 3) return { kind: 'failure', reason: 'malformed PLAIN message' };
    const [authzid, username, password] = parts as [string, string, string];
    if (!username || !password) return { kind: 'failure', reason: 'empty PLAIN username or password' };
    if (Buffer.byteLength(username) > MAX_FIELD_BYTES || Buffer.byteLength(password) > MAX_FIELD_BYTES)
      return { kind: 'failure', reason: 'PLAIN field too long' };
    if (authzid !== '' && authzid !== username)
      return { kind: 'failure', reason: 'PLAIN authorization id differs from the username', username };
    if (!this.users.verifyPassword(username, password))
      return { kind: 'failure', reason: 'wrong username or password', username };
    return { kind: 'success', bytes: Buffer.alloc(0), username };
  }
}
