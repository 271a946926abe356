// Every test file of the run talks to the one broker globalSetup started. There is no reset()
// across processes, so each test uses its own topic and group names.
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import { Client } from '../../client-sdk/index.js';
import { brokersFromEnv } from '../../testing/index.js';

it('produces to and reads from the shared broker', async () => {
  const topic = `shared-${randomUUID()}`;
  const client = new Client({ clientId: 'shared-test', brokers: brokersFromEnv(), logLevel: 'nothing' });
  const producer = client.producer();
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'k', value: 'hello' }] });
  await producer.disconnect();

  const consumer = client.consumer({ maxWaitTimeInMs: 100 });
  await consumer.connect();
  consumer.assign([{ topic, partition: 0, offset: 0 }]);
  const value = await new Promise<string>(
    (resolve) => void consumer.run({ eachMessage: async ({ message }) => resolve(String(message.value)) }),
  );
  await consumer.disconnect();
  expect(value).toBe('hello');
});
