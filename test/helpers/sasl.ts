// SASL over a RawClient: the handshake and the exchange, with the SDK's SCRAM client, so broker
// tests can authenticate a raw connection (and tamper with the exchange).
import type { ScramMechanism } from '../../protocol/scram.js';
import { scramAuthenticate } from '../../client-sdk/network/sasl-scram.js';
import type { RawClient } from './broker.js';

export class SaslFailure extends Error {
  constructor(readonly errorCode: number) {
    super(`SASL failed with error code ${errorCode}`);
  }
}

/** Sends one SaslAuthenticate step; throws SaslFailure on an error code. */
export async function saslStep(client: RawClient, bytes: Buffer): Promise<Buffer> {
  const response = await client.request('SaslAuthenticate', { authBytes: bytes });
  if (response.errorCode !== 0) throw new SaslFailure(response.errorCode);
  return Buffer.from(response.authBytes);
}

export async function handshake(client: RawClient, mechanism: string): Promise<void> {
  const response = await client.request('SaslHandshake', { mechanism });
  if (response.errorCode !== 0) throw new SaslFailure(response.errorCode);
}

export async function authenticatePlain(client: RawClient, username: string, password: string): Promise<void> {
  await handshake(client, 'PLAIN');
  await saslStep(client, Buffer.from(`\0${username}\0${password}`));
}

/** `sent` collects the client's messages, for replay tests. */
export async function authenticateScram(
  client: RawClient,
  mechanism: ScramMechanism,
  username: string,
  password: string,
  sent: Buffer[] = [],
): Promise<void> {
  await handshake(client, mechanism);
  await scramAuthenticate(mechanism, username, password, (bytes) => {
    sent.push(bytes);
    return saslStep(client, bytes);
  });
}
