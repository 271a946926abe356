// KafkaJS clients for tests against a broker of test/helpers/broker.ts: silent, closed after
// each test, with short heartbeats so group changes are seen quickly.
import { Kafka, logLevel, type Admin, type Consumer, type ConsumerConfig, type Producer } from 'kafkajs';
import { afterEach } from 'vitest';

export function useKafkaJs() {
  const open: { disconnect(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const client of open.splice(0).reverse()) await client.disconnect().catch(() => {});
  });
  const track = async <T extends Admin | Consumer | Producer>(client: T): Promise<T> => {
    await client.connect();
    open.push(client);
    return client;
  };
  return (port: number, clientId = 'kafkajs-test') => {
    const kafka = new Kafka({
      clientId,
      brokers: [`127.0.0.1:${port}`],
      logLevel: logLevel.NOTHING,
      retry: { retries: 10, initialRetryTime: 20, maxRetryTime: 200 },
    });
    return {
      kafka,
      admin: () => track(kafka.admin()),
      producer: () => track(kafka.producer()),
      consumer: (groupId: string, config: Partial<ConsumerConfig> = {}) =>
        track(
          kafka.consumer({ groupId, sessionTimeout: 6000, heartbeatInterval: 50, maxWaitTimeInMs: 100, ...config }),
        ),
    };
  };
}
