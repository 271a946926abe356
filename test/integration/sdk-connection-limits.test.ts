// The SDK meets the broker's connection bounds as a real application would: an idle connection
// closed by the broker is reopened on the next request.
import { describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/broker.js';
import { pollUntil } from '../helpers/poll-until.js';
import { setup } from '../helpers/sdk.js';

describe('SDK and the broker connection bounds', () => {
  it('a producer whose idle connections the broker closed sends again on new ones', async () => {
    const { broker, producer: newProducer, admin: newAdmin } = await setup({ connectionsMaxIdleMs: 100 });
    const admin = await newAdmin();
    await admin.createTopics({ topics: [{ topic: 'quiet', numPartitions: 1 }] });
    const producer = await newProducer();
    expect((await producer.send({ topic: 'quiet', messages: [{ value: 'before' }] }))[0]!.errorCode).toBe(0);

    await pollUntil(() => broker.connectionStats().length === 0);
    const [sent] = await producer.send({ topic: 'quiet', messages: [{ value: 'after' }] });
    expect(sent).toMatchObject({ errorCode: 0, baseOffset: '1' });
  });

  it('a client refused by maxConnections fails with an error that names the limit', async () => {
    const { broker, client } = await setup({ maxConnections: 1 });
    const holder = await RawClient.connectTo(broker.brokers[0]!);
    try {
      await holder.request('ApiVersions', {});
      const producer = client.producer();
      await expect(
        producer.connect().then(() => producer.send({ topic: 'full', messages: [{ value: 'x' }] })),
      ).rejects.toThrow(/maxConnections \(1\)/);
      await producer.disconnect();
    } finally {
      holder.destroy();
    }
  });
});
