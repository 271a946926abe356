// The order service: consumes `orders` in a consumer group, writes each result to
// `order-results`, and commits an order's offset only after its result is stored, so a crash
// between the two reprocesses the order rather than losing it (at-least-once).
import { Client, type Consumer, type LogLevel, type Producer } from '../../client-sdk/index.js';
import { processOrder } from './process-order.js';

export const ORDERS = 'orders';
export const ORDER_RESULTS = 'order-results';
export const ORDER_SERVICE_GROUP = 'order-service';

export interface OrderServiceOptions {
  brokers: string[];
  /** One per instance, so operators (and tests) can tell instances apart. */
  clientId?: string;
  groupId?: string;
  /** How long the group waits for a silent instance before giving its partitions away. */
  sessionTimeout?: number;
  logLevel?: LogLevel;
}

export interface OrderService {
  readonly clientId: string;
  /** Finishes the order in progress, leaves the group and disconnects. */
  stop(): Promise<void>;
}

export async function startOrderService(options: OrderServiceOptions): Promise<OrderService> {
  const clientId = options.clientId ?? 'order-service';
  const client = new Client({ clientId, brokers: options.brokers, logLevel: options.logLevel ?? 'error' });
  const producer: Producer = client.producer();
  const consumer: Consumer = client.consumer({
    groupId: options.groupId ?? ORDER_SERVICE_GROUP,
    sessionTimeout: options.sessionTimeout ?? 10_000,
  });
  await producer.connect();
  await consumer.connect();
  await consumer.subscribe({ topics: [ORDERS], fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ topic, partition, message }) => {
      const result = processOrder(message.value?.toString() ?? '');
      await producer.send({ topic: ORDER_RESULTS, messages: [{ key: result.orderId, value: JSON.stringify(result) }] });
      await consumer.commitOffsets([{ topic, partition, offset: String(Number(message.offset) + 1) }]);
    },
  });
  return {
    clientId,
    async stop() {
      await consumer.disconnect();
      await producer.disconnect();
    },
  };
}
