// The client side of SCRAM-SHA-256/512 (RFC 5802, RFC 7677), without channel binding. The
// server must prove it knows the credential too: a wrong server signature fails the exchange.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import {
  escapeScramName,
  hash,
  hmac,
  parseScramAttributes,
  saltedPassword,
  xor,
  type ScramMechanism,
} from '../../protocol/scram.js';

/** Fewer iterations would let a man in the middle ask for a cheap-to-crack proof; more would let it stall us. */
const MIN_ITERATIONS = 4096;
const MAX_ITERATIONS = 1_000_000;

export type SaslExchange = (bytes: Buffer) => Promise<Buffer>;

export async function scramAuthenticate(
  mechanism: ScramMechanism,
  username: string,
  password: string,
  exchange: SaslExchange,
): Promise<void> {
  const clientNonce = randomBytes(24).toString('base64');
  const clientFirstBare = `n=${escapeScramName(username)},r=${clientNonce}`;
  const serverFirst = (await exchange(Buffer.from(`n,,${clientFirstBare}`, 'utf8'))).toString('utf8');
  const first = parseScramAttributes(serverFirst);
  const nonce = first?.get('r');
  const salt = Buffer.from(first?.get('s') ?? '', 'base64');
  const iterations = Number(first?.get('i'));
  if (!nonce?.startsWith(clientNonce) || nonce.length === clientNonce.length || salt.length === 0)
    throw new Error('malformed SCRAM server-first message');
  if (!Number.isInteger(iterations) || iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS)
    throw new Error(`SCRAM iteration count ${first?.get('i')} outside ${MIN_ITERATIONS}..${MAX_ITERATIONS}`);

  const clientFinalWithoutProof = `c=biws,r=${nonce}`;
  const authMessage = `${clientFirstBare},${serverFirst},${clientFinalWithoutProof}`;
  const salted = saltedPassword(mechanism, password, salt, iterations);
  const clientKey = hmac(mechanism, salted, 'Client Key');
  const proof = xor(clientKey, hmac(mechanism, hash(mechanism, clientKey), authMessage));
  const serverFinal = (
    await exchange(Buffer.from(`${clientFinalWithoutProof},p=${proof.toString('base64')}`, 'utf8'))
  ).toString('utf8');

  const final = parseScramAttributes(serverFinal);
  if (final?.has('e')) throw new Error(`SCRAM error from the broker: ${final.get('e')}`);
  const signature = Buffer.from(final?.get('v') ?? '', 'base64');
  const expected = hmac(mechanism, hmac(mechanism, salted, 'Server Key'), authMessage);
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected))
    throw new Error('the broker did not prove it knows the SCRAM credential (wrong server signature)');
}
