// minibroker/testing with users: the kit authenticates its own requests, and hands the
// credentials to the test's clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../client-sdk/index.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';

describe('startTestBroker({ users })', () => {
  let broker: TestBroker;
  beforeAll(async () => {
    broker = await startTestBroker({ users: [{ username: 'app', password: 'app-secret' }] });
  });
  afterAll(() => broker.close());

  it('produces and waits with its own authenticated client', async () => {
    await broker.produce('orders', ['a', 'b']);
    expect((await broker.consumeN('orders', 2)).map((m) => String(m.value))).toEqual(['a', 'b']);
  });

  it('gives tests the credentials as the SDK sasl option', async () => {
    expect(broker.sasl).toEqual({ mechanism: 'scram-sha-256', username: 'app', password: 'app-secret' });
    const admin = new Client({ brokers: broker.brokers, sasl: broker.sasl, logLevel: 'nothing' }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'made-by-test', numPartitions: 2 }] });
    expect(await admin.listTopics()).toContain('made-by-test');
    await admin.disconnect();
  });
});
