// A producer that has run a while (a full collection has made its long-lived state old) must not
// have its young collections promote what each send left behind: at thousands of sends a second
// that garbage filled the old generation, and full collections showed in the send latency.
// The broker runs in its own process, so the old generation measured here is the client's alone.
import { describe, expect, it } from 'vitest';
import { Client } from '../../client-sdk/index.js';
import { spawnBroker } from '../helpers/run-cli.js';
import { promotedWhile } from '../helpers/young-garbage.js';

describe('SDK producer over time', () => {
  it("keeps no settled send's garbage alive through young collections after a full collection", async () => {
    const { address } = await spawnBroker(['--memory'], { env: { MINIBROKER_HTTP_PORT: 'off' } });
    const producer = new Client({ clientId: 'young-garbage', brokers: [address] }).producer({ lingerMs: 0 });
    await producer.connect();
    const send = () => producer.send({ topic: 'garbage', acks: 1, messages: [{ key: 'k', value: 'v' }] });
    // The topic exists and the code is compiled: what compiling allocates is not the sends' garbage.
    for (let i = 0; i < 100; i++) await Promise.all(Array.from({ length: 10 }, send));
    // A burst is in flight while a full collection runs; then 4,000 sends go, ten at a time.
    const burst = Array.from({ length: 64 }, send);
    const promoted = await promotedWhile(400, async (i) => {
      if (i === 0) await Promise.all(burst);
      await Promise.all(Array.from({ length: 10 }, send));
    });
    await producer.disconnect();
    // Measured: 0.15-0.21 MB. With the registries as Maps and Sets, as before: 2.0-2.2 MB.
    expect(promoted).toBeLessThan(7e5);
  });
});
