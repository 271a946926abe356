// Helpers for SDK group tests: a broker on port 0, consumers that can be "killed" (their sockets
// destroyed and every reconnect refused, with no LeaveGroup), numbered records, ownership views.
import net from 'node:net';
import { Client, Consumer, type Admin, type ConsumerConfig, type Producer } from '../../client-sdk/index.js';
import { createLogger } from '../../client-sdk/logger.js';
import { Cluster } from '../../client-sdk/network/cluster.js';
import type { Broker, StartBrokerOptions } from '../../server/index.js';
import { startTestBroker } from './broker.js';

const RETRY = { retries: 3, initialRetryTime: 20 };

export interface KillableConsumer extends Consumer {
  /** Destroys the consumer's sockets and refuses new ones: to the broker it simply dies. */
  kill(): void;
}

export type GroupSetup = Awaited<ReturnType<typeof groupSetup>>;

/** A broker on port 0 (or `existing`, closed with the rest) and clients for it. */
export async function groupSetup(options: StartBrokerOptions = {}, existing?: Broker) {
  const closers: (() => Promise<unknown>)[] = [];
  const broker: Broker = existing ?? (await startTestBroker(options));
  closers.push(() => broker.close());
  const client = () =>
    new Client({ clientId: 'group-test', brokers: broker.brokers, logLevel: 'nothing', retry: RETRY });
  const track = <T extends { disconnect(): Promise<void> }>(x: T): T => (closers.push(() => x.disconnect()), x);
  let admin: Admin | undefined;
  let producer: Producer | undefined;

  const setup = {
    broker,
    async admin(): Promise<Admin> {
      if (!admin) {
        admin = track(client().admin());
        await admin.connect();
      }
      return admin;
    },
    async createTopic(topic: string, numPartitions: number): Promise<void> {
      await (await setup.admin()).createTopics({ topics: [{ topic, numPartitions }] });
    },
    async consumer(config: ConsumerConfig): Promise<Consumer> {
      const consumer = track(client().consumer({ maxWaitTimeInMs: 100, ...config }));
      await consumer.connect();
      return consumer;
    },
    async killableConsumer(config: ConsumerConfig): Promise<KillableConsumer> {
      const sockets = new Set<net.Socket>();
      let killed = false;
      const logger = createLogger({ logLevel: 'nothing', clientId: 'killable' });
      const cluster = new Cluster({
        brokers: broker.brokers,
        clientId: 'killable',
        logger,
        retry: RETRY,
        requestTimeout: 5000,
        metadataMaxAge: config.metadataMaxAge,
        socketFactory: (host, port) => {
          if (killed) {
            const dead = new net.Socket();
            process.nextTick(() => dead.destroy(new Error('killed')));
            return dead;
          }
          const socket = net.connect({ host, port });
          sockets.add(socket);
          socket.once('close', () => sockets.delete(socket));
          return socket;
        },
      });
      const consumer = track(
        new Consumer(cluster, { maxWaitTimeInMs: 100, ...config }, RETRY, 5000, logger),
      ) as KillableConsumer;
      consumer.kill = () => {
        killed = true;
        for (const socket of sockets) socket.destroy();
      };
      await consumer.connect();
      return consumer;
    },
    async producer(): Promise<Producer> {
      if (!producer) {
        producer = track(client().producer({ lingerMs: 0 }));
        await producer.connect();
      }
      return producer;
    },
    async close(): Promise<void> {
      for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
    },
  };
  return setup;
}

/** Sends `count` records "0".."count-1" (value = key), spread over `partitions` by explicit partition. */
export async function produceNumbered(
  setup: GroupSetup,
  topic: string,
  count: number,
  partitions: number,
  from = 0,
): Promise<void> {
  const producer = await setup.producer();
  const messages = Array.from({ length: count }, (_, i) => ({
    key: String(from + i),
    value: String(from + i),
    partition: (from + i) % partitions,
  }));
  await producer.send({ topic, messages });
}

/** "topic/partition" for every partition the consumers hold (duplicates kept, to catch double ownership). */
export function ownedBy(consumers: Consumer[]): string[] {
  return consumers.flatMap((c) => c.assignment().map((tp) => `${tp.topic}/${tp.partition}`));
}

/** Resolves with the next event of `type` that satisfies `match`. */
export function nextEvent<T>(
  consumer: Consumer,
  type: Parameters<Consumer['on']>[0],
  match: (payload: T) => boolean = () => true,
): Promise<T> {
  return new Promise((resolve) => {
    const remove = consumer.on<T>(type, (event) => {
      if (!match(event.payload)) return;
      remove();
      resolve(event.payload);
    });
  });
}
