// The testing kit reads a topic as a read_committed consumer would: consumeN never returns
// aborted records or transaction markers, and waits for records of committed transactions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Producer } from '../../client-sdk/index.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';

let broker: TestBroker;
let producer: Producer;
beforeAll(async () => {
  broker = await startTestBroker();
  producer = new Client({ brokers: broker.brokers }).producer({ transactionalId: 'kit-writer' });
  await producer.connect();
});
afterAll(async () => {
  await producer.disconnect();
  await broker.close();
});

describe('testing kit and transactions', () => {
  it('consumeN skips aborted records and markers, and waits for committed ones', async () => {
    await broker.createTopic('ledger', 1);
    const aborted = await producer.transaction();
    await aborted.send({ topic: 'ledger', messages: [{ value: 'aborted-1' }, { value: 'aborted-2' }] });
    await aborted.abort();
    const open = await producer.transaction();
    await open.send({ topic: 'ledger', messages: [{ value: 'committed-1' }] });
    // Four offsets are taken (two aborted records, a marker, an open record): still no committed record.
    await expect(broker.consumeN('ledger', 1, { timeoutMs: 50 })).rejects.toThrow(/timed out|within/);
    const waiting = broker.consumeN('ledger', 2);
    await open.commit();
    await broker.produce('ledger', ['plain']);
    expect((await waiting).map((m) => [m.offset, m.value?.toString()])).toEqual([
      ['3', 'committed-1'],
      ['5', 'plain'],
    ]);
  });
});
