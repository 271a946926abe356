// Fuzzed SASL exchanges against a broker with users: each on a fresh connection, a handshake
// (a real mechanism or junk), then one to three SaslAuthenticate steps whose bytes are mutated
// valid messages, random bytes, or a client-final replayed from a real exchange. None may
// authenticate: after each, the connection is probed with Metadata, which must be refused (or
// the connection closed). The broker must stay up and still authenticate a real client.
import { scramAuthenticate } from '../../../client-sdk/network/sasl-scram.js';
import type { ScramMechanism } from '../../../protocol/scram.js';
import { Random } from './random.js';
import { RawConnection } from './raw-connection.js';

export interface SaslFuzzOptions {
  port: number;
  exchanges: number;
  seed: number;
  /** A real user, for the replayed messages and the final check. */
  username: string;
  password: string;
  connections?: number;
}

export interface SaslFuzzStats {
  exchanges: number;
  /** Exchanges the broker ended by closing the connection. */
  closedByBroker: number;
  /** Fuzzed exchanges after which the connection could send Metadata: must stay 0. */
  authenticated: number;
}

const MECHANISMS = ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const;

function mutate(random: Random, valid: Buffer): Buffer {
  const kind = random.int(0, 4);
  let out: Buffer;
  if (kind === 0) out = random.bytes(random.int(0, 300));
  else if (kind === 1) out = valid.subarray(0, random.int(0, Math.max(0, valid.length - 1)));
  else if (kind === 2) out = Buffer.concat([valid, random.bytes(random.int(1, 40))]);
  else {
    out = Buffer.from(valid);
    for (let i = random.int(1, 4); i > 0 && out.length > 0; i--)
      out[random.int(0, out.length - 1)] = random.int(0, 255);
  }
  // A mutation that happened to change nothing would be a real exchange, not a fuzzed one.
  if (out.equals(valid)) out = Buffer.concat([valid, Buffer.from([0])]);
  return out;
}

/** A real exchange over a raw connection, recording the client's messages. */
async function realScram(
  port: number,
  mechanism: ScramMechanism,
  username: string,
  password: string,
): Promise<Buffer[]> {
  const connection = await RawConnection.connect(port);
  const sent: Buffer[] = [];
  try {
    const handshake = await connection.request('SaslHandshake', { mechanism });
    if (handshake.errorCode !== 0) throw new Error(`SaslHandshake answered ${handshake.errorCode}`);
    await scramAuthenticate(mechanism, username, password, async (bytes) => {
      sent.push(bytes);
      const response = await connection.request('SaslAuthenticate', { authBytes: bytes });
      if (response.errorCode !== 0) throw new Error(`SaslAuthenticate answered ${response.errorCode}`);
      return Buffer.from(response.authBytes);
    });
    await connection.request('Metadata', { topics: [] });
    return sent;
  } finally {
    connection.destroy();
  }
}

/** Does a real client still authenticate (and then get Metadata)? */
export async function authenticatesRealClient(options: Pick<SaslFuzzOptions, 'port' | 'username' | 'password'>) {
  return realScram(options.port, 'SCRAM-SHA-256', options.username, options.password).then(
    () => true,
    () => false,
  );
}

export async function fuzzSaslExchanges(options: SaslFuzzOptions): Promise<SaslFuzzStats> {
  const { port, username, password } = options;
  const random = new Random(options.seed);
  const replayable = await realScram(port, 'SCRAM-SHA-256', username, password);
  const valid: Record<(typeof MECHANISMS)[number], Buffer[]> = {
    PLAIN: [Buffer.from(`\0${username}\0${password}`)],
    'SCRAM-SHA-256': replayable,
    'SCRAM-SHA-512': [
      Buffer.from(`n,,n=${username},r=fuzz-nonce-0123456789`),
      Buffer.from(`c=biws,r=x,p=${random.bytes(64).toString('base64')}`),
    ],
  };
  const stats: SaslFuzzStats = { exchanges: 0, closedByBroker: 0, authenticated: 0 };
  const draw = () => (stats.exchanges < options.exchanges ? ++stats.exchanges : undefined);

  const exchange = async () => {
    const connection = await RawConnection.connect(port);
    try {
      const known = random.next() < 0.9;
      const mechanism = known ? random.pick(MECHANISMS) : random.bytes(random.int(0, 20)).toString('latin1');
      const handshake = await connection.request('SaslHandshake', { mechanism });
      if (handshake.errorCode === 0 && known) {
        const samples = valid[mechanism as (typeof MECHANISMS)[number]];
        for (let step = 0; step < random.int(1, 3); step++) {
          const sample = samples[Math.min(step, samples.length - 1)]!;
          // Sometimes a real SCRAM message as it was: a replay into a new exchange. (A replayed
          // PLAIN message is a real login: PLAIN has no defence against replay, hence TLS.)
          const replay = mechanism !== 'PLAIN' && random.next() < 0.15;
          const bytes = replay ? sample : mutate(random, sample);
          const answer = await connection.request('SaslAuthenticate', { authBytes: bytes });
          if (answer.errorCode !== 0) break;
        }
      }
      await connection.request('Metadata', { topics: [] });
      stats.authenticated++;
    } catch {
      // Refused (an envelope error) or closed: what must happen.
    } finally {
      await Promise.race([connection.closed, new Promise((resolve) => setTimeout(resolve, 0))]);
      if (connection.isClosed) stats.closedByBroker++;
      connection.destroy();
    }
  };

  const worker = async () => {
    while (draw() !== undefined) await exchange();
  };
  await Promise.all(Array.from({ length: options.connections ?? 4 }, worker));
  return stats;
}
