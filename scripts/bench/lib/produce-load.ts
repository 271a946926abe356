// The benchmarks' load: `records` records of 100-byte values with 16-character keys, sent by one
// producer (acks=1) in sends of `perSend` records with `inFlight` sends outstanding.
import { randomBytes } from 'node:crypto';
import type { Client } from '../../../client-sdk/index.js';

export interface ProduceLoad {
  records: number;
  perSend: number;
  inFlight: number;
}

export function benchMessages(count: number): { key: string; value: Buffer }[] {
  const value = randomBytes(100);
  return Array.from({ length: count }, () => ({ key: randomBytes(8).toString('hex'), value }));
}

/**
 * Calls `send` with `perSend` messages until `records` were sent, `inFlight` sends outstanding;
 * resolves with the milliseconds it took. Every system's producer runs this same loop.
 */
export async function sendLoad(
  send: (messages: { key: string; value: Buffer }[]) => Promise<unknown>,
  { records, perSend, inFlight }: ProduceLoad,
): Promise<number> {
  const messages = benchMessages(perSend);
  const start = process.hrtime.bigint();
  let next = 0;
  const worker = async () => {
    while (next < records) {
      next += perSend;
      await send(messages);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Produces the load with our SDK; resolves with the milliseconds the sends took (connecting excluded). */
export async function produceLoad(client: Client, topic: string, load: ProduceLoad): Promise<number> {
  const producer = client.producer({ lingerMs: 0 });
  await producer.connect();
  const ms = await sendLoad((messages) => producer.send({ topic, messages, acks: 1 }), load);
  await producer.disconnect();
  return ms;
}
