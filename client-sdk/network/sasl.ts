// SASL on a fresh connection, before any other request: SaslHandshake names the mechanism,
// SaslAuthenticate carries its messages. The option's shape is KafkaJS's `sasl`.
import type { ApiName } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { RequestOf, ResponseOf } from '../../protocol/messages.js';
import { MinibrokerInvalidArgumentError, MinibrokerProtocolError } from '../errors.js';
import { scramAuthenticate } from './sasl-scram.js';

export interface SaslOptions {
  mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512';
  username: string;
  password: string;
}

export type SaslRequest = <N extends ApiName>(api: N, body: RequestOf<N>) => Promise<ResponseOf<N>>;

const MECHANISMS = { plain: 'PLAIN', 'scram-sha-256': 'SCRAM-SHA-256', 'scram-sha-512': 'SCRAM-SHA-512' } as const;

/** Checks the option before anything is sent. */
export function validateSaslOptions(sasl: SaslOptions): void {
  const mechanism = String((sasl as { mechanism?: unknown }).mechanism).toLowerCase();
  if (!(mechanism in MECHANISMS))
    throw new MinibrokerInvalidArgumentError(
      `sasl.mechanism must be one of ${Object.keys(MECHANISMS).join(', ')} (got ${String(sasl.mechanism)})`,
    );
  if (
    typeof sasl.username !== 'string' ||
    sasl.username === '' ||
    typeof sasl.password !== 'string' ||
    sasl.password === ''
  )
    throw new MinibrokerInvalidArgumentError('sasl.username and sasl.password must be non-empty strings');
}

export async function saslAuthenticate(sasl: SaslOptions, request: SaslRequest, broker: string): Promise<void> {
  validateSaslOptions(sasl);
  const mechanism = MECHANISMS[sasl.mechanism.toLowerCase() as keyof typeof MECHANISMS];
  const failure = (code: number, detail: string) =>
    new MinibrokerProtocolError(
      code,
      `SASL ${mechanism} authentication of "${sasl.username}" with ${broker} failed: ${detail}`,
    );
  const handshake = await request('SaslHandshake', { mechanism });
  if (handshake.errorCode !== 0)
    throw failure(
      handshake.errorCode,
      handshake.errorCode === ErrorCode.UNSUPPORTED_SASL_MECHANISM
        ? `the broker enables only ${handshake.mechanisms.join(', ') || 'no SASL mechanism'}`
        : 'the broker refused the handshake (does it have users configured?)',
    );
  const exchange = async (bytes: Buffer): Promise<Buffer> => {
    const response = await request('SaslAuthenticate', { authBytes: bytes });
    if (response.errorCode !== 0) throw failure(response.errorCode, response.errorMessage || 'wrong credentials');
    return Buffer.from(response.authBytes);
  };
  if (mechanism === 'PLAIN') {
    await exchange(Buffer.from(`\0${sasl.username}\0${sasl.password}`, 'utf8'));
    return;
  }
  try {
    await scramAuthenticate(mechanism, sasl.username, sasl.password, exchange);
  } catch (error) {
    if (error instanceof MinibrokerProtocolError) throw error;
    throw failure(ErrorCode.SASL_AUTHENTICATION_FAILED, (error as Error).message);
  }
}
