// Who may connect: the users, the SASL mechanisms enabled and what happens on a failed attempt
// (a log line and a delay before the answer, so guessing passwords is slow). One per broker; it
// makes each connection's Session.
import type { Logger } from '../logger.js';
import { RateLimitedLog } from '../rate-limited-log.js';
import { SASL_MECHANISMS, type SaslMechanismName } from './sasl-mechanism.js';
import { Session } from './session.js';
import { UserStore, type UserSpec } from './user-store.js';

export interface AuthenticatorOptions {
  users: readonly UserSpec[];
  /** Delay before answering a failed attempt (Kafka's connection.failed.authentication.delay.ms). */
  failureDelayMs: number;
  log: Logger;
}

export class Authenticator {
  readonly users: UserStore;
  readonly mechanisms: readonly SaslMechanismName[] = SASL_MECHANISMS;
  private readonly failures: RateLimitedLog;

  constructor(private readonly options: AuthenticatorOptions) {
    this.users = new UserStore(options.users);
    this.failures = new RateLimitedLog(options.log);
  }

  /** Users are configured, so every connection must authenticate. */
  get required(): boolean {
    return this.users.size > 0;
  }

  newSession(remoteAddress: string): Session {
    return new Session(this, remoteAddress);
  }

  succeeded(remoteAddress: string, mechanism: string, username: string): void {
    this.options.log.debug({ remoteAddress, mechanism, username }, 'authenticated');
  }

  /** Logs the failure (rate-limited) and resolves after the failure delay. */
  async failed(remoteAddress: string, mechanism: string, reason: string, username?: string): Promise<void> {
    this.failures.warn({ remoteAddress, mechanism, username: username ?? null, reason }, 'SASL authentication failed');
    if (this.options.failureDelayMs > 0)
      await new Promise((resolve) => setTimeout(resolve, this.options.failureDelayMs));
  }
}
