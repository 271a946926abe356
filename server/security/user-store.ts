// The broker's users, kept only in SCRAM's salted form (never the password): one credential per
// SCRAM mechanism, from which PLAIN is checked too. Unknown users get a fake credential derived
// from a per-process secret, so a failure costs the same time and tells nothing of who exists.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import {
  SCRAM_MECHANISMS,
  hash,
  hmac,
  saltedPassword,
  scramCredential,
  type ScramCredential,
  type ScramMechanism,
} from '../../protocol/scram.js';

export interface UserSpec {
  username: string;
  password: string;
}

type Credentials = Readonly<Record<ScramMechanism, ScramCredential>>;

export class UserStore {
  private readonly users = new Map<string, Credentials>();
  private readonly secret = randomBytes(32);
  private readonly iterations: number;

  constructor(users: readonly UserSpec[], iterations = 4096) {
    this.iterations = iterations;
    for (const { username, password } of users) {
      const credentials = {} as Record<ScramMechanism, ScramCredential>;
      for (const mechanism of SCRAM_MECHANISMS)
        credentials[mechanism] = scramCredential(mechanism, password, randomBytes(16), iterations);
      this.users.set(username, credentials);
    }
  }

  get size(): number {
    return this.users.size;
  }

  has(username: string): boolean {
    return this.users.has(username);
  }

  /** The user's credential, or a consistent fake one (same salt on every attempt) for an unknown name. */
  credential(mechanism: ScramMechanism, username: string): { credential: ScramCredential; known: boolean } {
    const known = this.users.get(username)?.[mechanism];
    if (known) return { credential: known, known: true };
    const salt = createHmac('sha256', this.secret).update(`${mechanism}\0${username}`).digest().subarray(0, 16);
    const fakeKey = createHmac('sha256', this.secret).update(`key\0${username}`).digest();
    return {
      credential: { salt, iterations: this.iterations, storedKey: fakeKey, serverKey: fakeKey },
      known: false,
    };
  }

  /** PLAIN: derives the stored key from the password offered and compares in constant time. */
  verifyPassword(username: string, password: string): boolean {
    const mechanism: ScramMechanism = 'SCRAM-SHA-256';
    const { credential, known } = this.credential(mechanism, username);
    const salted = saltedPassword(mechanism, password, credential.salt, credential.iterations);
    const storedKey = hash(mechanism, hmac(mechanism, salted, 'Client Key'));
    return sameBytes(storedKey, credential.storedKey) && known;
  }
}

export function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
