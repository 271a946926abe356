// A connection's security state: who it is (its principal) and where it stands in the SASL
// exchange. Without users configured every session starts as User:ANONYMOUS and may do anything;
// with users, it may only ask ApiVersions and run SaslHandshake then SaslAuthenticate until the
// exchange succeeds. A failed exchange ends the connection.
import { ErrorCode } from '../../protocol/errors.js';
import { PlainServer } from './sasl-plain.js';
import { isSaslMechanism, type SaslMechanismServer } from './sasl-mechanism.js';
import { ScramServer } from './sasl-scram.js';
import type { Authenticator } from './authenticator.js';

export const ANONYMOUS = 'User:ANONYMOUS';
const EMPTY = Buffer.alloc(0);

/** APIs a connection may use before it is authenticated. */
const BEFORE_AUTHENTICATION = new Set(['ApiVersions', 'SaslHandshake', 'SaslAuthenticate']);

type State = 'open' | 'handshake' | 'exchange' | 'authenticated' | 'failed';

export interface SaslAnswer {
  errorCode: number;
  errorMessage: string;
  bytes: Buffer;
}

export class Session {
  private state: State;
  private exchange: SaslMechanismServer | undefined;
  private mechanism = '';
  /** `User:<name>` once authenticated; User:ANONYMOUS on an open broker; undefined before. */
  principal: string | undefined;
  /** The client's address without the port, as ACLs name hosts. */
  readonly host: string;

  constructor(
    private readonly authenticator: Authenticator,
    readonly remoteAddress: string,
  ) {
    this.host = remoteAddress.slice(0, Math.max(0, remoteAddress.lastIndexOf(':'))) || remoteAddress;
    this.state = authenticator.required ? 'handshake' : 'open';
    this.principal = authenticator.required ? undefined : ANONYMOUS;
  }

  get authenticated(): boolean {
    return this.state === 'open' || this.state === 'authenticated';
  }

  /** The exchange failed: the connection must end once the answer is sent. */
  get failed(): boolean {
    return this.state === 'failed';
  }

  allows(api: string): boolean {
    return this.authenticated || (this.state !== 'failed' && BEFORE_AUTHENTICATION.has(api));
  }

  handshake(mechanism: string): number {
    if (this.state !== 'handshake') return ErrorCode.ILLEGAL_SASL_STATE;
    if (!isSaslMechanism(mechanism) || !this.authenticator.mechanisms.includes(mechanism))
      return ErrorCode.UNSUPPORTED_SASL_MECHANISM;
    const users = this.authenticator.users;
    this.exchange = mechanism === 'PLAIN' ? new PlainServer(users) : new ScramServer(mechanism, users);
    this.mechanism = mechanism;
    this.state = 'exchange';
    return ErrorCode.NONE;
  }

  async authenticate(input: Buffer): Promise<SaslAnswer> {
    if (this.authenticated)
      return {
        errorCode: ErrorCode.ILLEGAL_SASL_STATE,
        errorMessage: 'no SASL exchange on this connection',
        bytes: EMPTY,
      };
    if (this.state !== 'exchange' || !this.exchange) {
      this.state = 'failed';
      return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: 'SaslHandshake must come first', bytes: EMPTY };
    }
    const step = this.exchange.step(input);
    if (step.kind === 'challenge') return { errorCode: 0, errorMessage: '', bytes: step.bytes };
    if (step.kind === 'success') {
      this.state = 'authenticated';
      this.exchange = undefined;
      this.principal = `User:${step.username}`;
      this.authenticator.succeeded(this.remoteAddress, this.mechanism, step.username);
      return { errorCode: 0, errorMessage: '', bytes: step.bytes };
    }
    this.state = 'failed';
    this.exchange = undefined;
    await this.authenticator.failed(this.remoteAddress, this.mechanism, step.reason, step.username);
    return {
      errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED,
      errorMessage: `Authentication failed during ${this.mechanism}: invalid credentials or exchange`,
      bytes: EMPTY,
    };
  }
}
