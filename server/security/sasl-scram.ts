// SCRAM-SHA-256/512 on the server (RFC 5802, RFC 7677), without channel binding:
//   client-first  n,,n=<user>,r=<client nonce>
//   server-first  r=<client nonce><server nonce>,s=<salt>,i=<iterations>
//   client-final  c=biws,r=<both nonces>,p=<proof>
//   server-final  v=<server signature>
// Every message is checked field by field; any deviation fails the exchange. A replayed
// client-final cannot pass: the server nonce is fresh for every exchange.
import { randomBytes } from 'node:crypto';
import {
  hash,
  hmac,
  parseScramAttributes,
  unescapeScramName,
  xor,
  type ScramCredential,
  type ScramMechanism,
} from '../../protocol/scram.js';
import type { SaslMechanismServer, SaslStep } from './sasl-mechanism.js';
import { sameBytes, type UserStore } from './user-store.js';

const MAX_MESSAGE_BYTES = 1024;
const NONCE = /^[\x21-\x2b\x2d-\x7e]+$/; // printable ASCII without ','

interface Started {
  username: string;
  known: boolean;
  credential: ScramCredential;
  gs2Header: string;
  clientFirstBare: string;
  serverFirst: string;
  nonce: string;
}

export class ScramServer implements SaslMechanismServer {
  private started: Started | undefined;
  private finished = false;

  constructor(
    private readonly mechanism: ScramMechanism,
    private readonly users: UserStore,
  ) {}

  step(input: Buffer): SaslStep {
    if (this.finished) return { kind: 'failure', reason: 'the SCRAM exchange is already over' };
    if (input.length > MAX_MESSAGE_BYTES) return this.fail('SCRAM message too long');
    const text = input.toString('utf8');
    return this.started ? this.clientFinal(this.started, text) : this.clientFirst(text);
  }

  private fail(reason: string, username?: string): SaslStep {
    this.finished = true;
    return { kind: 'failure', reason, username };
  }

  private clientFirst(text: string): SaslStep {
    // gs2 header: 'n' (no channel binding) or 'y' (client could, thinks we cannot); no authzid but the user's own.
    const match = /^([ny]),(a=[^,]*)?,(.*)$/s.exec(text);
    if (!match) return this.fail('malformed SCRAM client-first message (channel binding is not offered)');
    const clientFirstBare = match[3]!;
    const attributes = parseScramAttributes(clientFirstBare);
    const name = attributes?.get('n');
    const clientNonce = attributes?.get('r');
    if (!attributes || name === undefined || clientNonce === undefined || attributes.has('m'))
      return this.fail('malformed SCRAM client-first message');
    const username = unescapeScramName(name);
    if (!username) return this.fail('malformed SCRAM username');
    if (match[2] !== undefined && unescapeScramName(match[2].slice(2)) !== username)
      return this.fail('SCRAM authorization id differs from the username', username);
    if (!NONCE.test(clientNonce)) return this.fail('malformed SCRAM client nonce', username);
    const { credential, known } = this.users.credential(this.mechanism, username);
    const nonce = clientNonce + randomBytes(18).toString('base64');
    const serverFirst = `r=${nonce},s=${credential.salt.toString('base64')},i=${credential.iterations}`;
    this.started = {
      username,
      known,
      credential,
      gs2Header: text.slice(0, text.length - clientFirstBare.length),
      clientFirstBare,
      serverFirst,
      nonce,
    };
    return { kind: 'challenge', bytes: Buffer.from(serverFirst, 'utf8') };
  }

  private clientFinal(started: Started, text: string): SaslStep {
    this.finished = true;
    const { username, credential } = started;
    const proofAt = text.lastIndexOf(',p=');
    const attributes = parseScramAttributes(text);
    if (proofAt < 0 || !attributes) return this.fail('malformed SCRAM client-final message', username);
    if (attributes.get('c') !== Buffer.from(started.gs2Header, 'utf8').toString('base64'))
      return this.fail('SCRAM channel binding does not match the client-first message', username);
    if (attributes.get('r') !== started.nonce) return this.fail('SCRAM nonce does not match', username);
    const proof = Buffer.from(attributes.get('p') ?? '', 'base64');
    const authMessage = `${started.clientFirstBare},${started.serverFirst},${text.slice(0, proofAt)}`;
    const clientSignature = hmac(this.mechanism, credential.storedKey, authMessage);
    const clientKey = xor(proof, clientSignature);
    const proofOk =
      proof.length === clientSignature.length && sameBytes(hash(this.mechanism, clientKey), credential.storedKey);
    if (!proofOk || !started.known) return this.fail('wrong username or password', username);
    const serverSignature = hmac(this.mechanism, credential.serverKey, authMessage);
    return { kind: 'success', bytes: Buffer.from(`v=${serverSignature.toString('base64')}`, 'utf8'), username };
  }
}
