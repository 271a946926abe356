// SCRAM's arithmetic (RFC 5802, RFC 7677), shared by the broker and the SDK: the salted password,
// the keys derived from it, the proof, and the attribute syntax of the exchange's messages.
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';

export type ScramMechanism = 'SCRAM-SHA-256' | 'SCRAM-SHA-512';
export const SCRAM_MECHANISMS: readonly ScramMechanism[] = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];

/** Kafka's minimum (and the RFC's recommendation) is 4096. */
export const DEFAULT_SCRAM_ITERATIONS = 4096;

interface Digest {
  readonly name: 'sha256' | 'sha512';
  readonly bytes: number;
}

export function scramDigest(mechanism: ScramMechanism): Digest {
  return mechanism === 'SCRAM-SHA-256' ? { name: 'sha256', bytes: 32 } : { name: 'sha512', bytes: 64 };
}

export function saltedPassword(mechanism: ScramMechanism, password: string, salt: Buffer, iterations: number): Buffer {
  const digest = scramDigest(mechanism);
  return pbkdf2Sync(Buffer.from(password.normalize('NFKC'), 'utf8'), salt, iterations, digest.bytes, digest.name);
}

export function hmac(mechanism: ScramMechanism, key: Buffer, text: string): Buffer {
  return createHmac(scramDigest(mechanism).name, key).update(text, 'utf8').digest();
}

export function hash(mechanism: ScramMechanism, data: Buffer): Buffer {
  return createHash(scramDigest(mechanism).name).update(data).digest();
}

export function xor(a: Buffer, b: Buffer): Buffer {
  const out = Buffer.alloc(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ (b[i] ?? 0);
  return out;
}

/** The stored form of a password: what a server keeps instead of the password itself. */
export interface ScramCredential {
  readonly salt: Buffer;
  readonly iterations: number;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

export function scramCredential(
  mechanism: ScramMechanism,
  password: string,
  salt: Buffer,
  iterations = DEFAULT_SCRAM_ITERATIONS,
): ScramCredential {
  const salted = saltedPassword(mechanism, password, salt, iterations);
  const clientKey = hmac(mechanism, salted, 'Client Key');
  return {
    salt,
    iterations,
    storedKey: hash(mechanism, clientKey),
    serverKey: hmac(mechanism, salted, 'Server Key'),
  };
}

/** `n=alice,r=abc` → { n: 'alice', r: 'abc' }; undefined when the syntax is broken or a name repeats. */
export function parseScramAttributes(text: string): Map<string, string> | undefined {
  const out = new Map<string, string>();
  for (const part of text.split(',')) {
    const match = /^([a-zA-Z])=(.*)$/s.exec(part);
    if (!match || out.has(match[1]!)) return undefined;
    out.set(match[1]!, match[2]!);
  }
  return out;
}

/** A username inside a SCRAM message: ',' and '=' are escaped (RFC 5802 section 5.1). */
export function escapeScramName(name: string): string {
  return name.replace(/=/g, '=3D').replace(/,/g, '=2C');
}

/** undefined when an '=' is not one of the two escapes. */
export function unescapeScramName(text: string): string | undefined {
  if (/=(?!2C|3D)/.test(text)) return undefined;
  return text.replace(/=2C/g, ',').replace(/=3D/g, '=');
}
