// disconnect() while the consumer long-polls a partition with nothing new: it must not sit out the
// long poll (maxWaitTimeInMs, two minutes here, longer than the test's timeout). A seek while a
// fetch is parked supersedes it; after two superseded fetches still parked, the consumer waits
// for its current fetch instead of superseding it again, and a stop used to wait with it.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type Consumer } from '../../client-sdk/index.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';

let broker: TestBroker | undefined;
let consumer: Consumer | undefined;
afterEach(async () => {
  await consumer?.disconnect().catch(() => undefined);
  consumer = undefined;
  await broker?.close();
  broker = undefined;
});

const LONG_POLL_MS = 120_000;

describe('consumer.disconnect() during a long poll', () => {
  it('returns without waiting for the parked fetch, after fetches were superseded', async () => {
    broker = await startTestBroker();
    await broker.createTopic('quiet', 1);
    await broker.produce('quiet', [{ value: 'only' }]);
    const client = new Client({ clientId: 'disconnect', brokers: broker.brokers, logLevel: 'nothing' });
    const c = client.consumer({ maxWaitTimeInMs: LONG_POLL_MS });
    consumer = c;
    await c.connect();
    c.assign([{ topic: 'quiet', partition: 0, offset: '0' }]);

    let fetches = 0;
    let handled = 0;
    let recheck = () => {};
    c.on(c.events.FETCH_START, () => (fetches++, recheck()));
    /** Resolves once `ready()` holds, checked at every fetch request and every record handled. */
    const until = (ready: () => boolean) =>
      new Promise<void>((resolve) => {
        recheck = () => ready() && resolve();
        recheck();
      });

    await c.run({ eachMessage: async () => void (handled++, recheck()) });
    // The record, then a fetch from offset 1 that parks: nothing comes after it.
    await until(() => handled === 1 && fetches === 2);
    for (let round = 1; round <= 2; round++) {
      // Back to the record: the parked fetch is superseded (and stays parked at the broker), the
      // record is fetched and handled again, and the next fetch from offset 1 parks.
      const before = fetches;
      c.seek({ topic: 'quiet', partition: 0, offset: '0' });
      await until(() => handled === round + 1 && fetches >= before + 2);
    }
    await c.disconnect();
    consumer = undefined;
    expect(handled).toBe(3);
  });
});
