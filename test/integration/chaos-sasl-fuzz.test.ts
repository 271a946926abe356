// Fast version of the chaos suite's sasl-fuzz scenario: fuzzed SASL exchanges against a broker
// with users; none may authenticate, and a real client still can afterwards.
import { describe, expect, it } from 'vitest';
import { authenticatesRealClient, fuzzSaslExchanges } from '../../scripts/chaos/lib/sasl-fuzz.js';
import { useBrokerFixtures } from '../helpers/broker.js';

const { broker } = useBrokerFixtures();
const user = { username: 'alice', password: 'wonderland' };

describe('chaos: fuzzed SASL exchanges', () => {
  it('authenticate nobody and leave the broker authenticating real clients', async () => {
    const b = await broker({ users: [user], saslFailureDelayMs: 0 });
    const stats = await fuzzSaslExchanges({ port: b.port, exchanges: 400, seed: 7, ...user });
    expect(stats).toMatchObject({ exchanges: 400, authenticated: 0 });
    expect(stats.closedByBroker).toBeGreaterThan(0);
    expect(await authenticatesRealClient({ port: b.port, ...user })).toBe(true);
  });
});
