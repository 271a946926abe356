// @platformatic/kafka against minibroker: it speaks the flexible versions (compact encodings,
// tagged fields), so this covers the other half of the codec.
import {
  Admin,
  Consumer,
  MessagesStreamModes,
  Producer,
  stringDeserializers,
  stringSerializers,
  type Message,
} from '@platformatic/kafka';
import { afterEach, describe, expect, it } from 'vitest';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { pollUntil } from '../../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('@platformatic/kafka', () => {
  it('creates a topic, produces with keys and headers, and consumes in a group', async () => {
    const b = await fixtures.broker();
    const bootstrapBrokers = [`127.0.0.1:${b.port}`];
    const admin = new Admin({ clientId: 'pk-admin', bootstrapBrokers });
    closers.push(() => admin.close());
    await admin.createTopics({ topics: ['events'], partitions: 3, replicas: 1 });
    expect(await admin.listTopics()).toContain('events');

    const producer = new Producer({ clientId: 'pk-producer', bootstrapBrokers, serializers: stringSerializers });
    closers.push(() => producer.close());
    await producer.send({
      messages: [
        { topic: 'events', key: 'user-1', value: 'login', headers: new Map([['source', 'web']]) },
        { topic: 'events', key: 'user-2', value: 'logout' },
      ],
    });

    const consumer = new Consumer({
      groupId: 'pk-group',
      clientId: 'pk-consumer',
      bootstrapBrokers,
      deserializers: stringDeserializers,
    });
    closers.push(
      () => new Promise<void>((resolve, reject) => consumer.close(true, (err) => (err ? reject(err) : resolve()))),
    );
    const stream = await consumer.consume({ topics: ['events'], mode: MessagesStreamModes.EARLIEST, autocommit: true });
    const received: Message<string, string, string, string>[] = [];
    stream.on('data', (message: Message<string, string, string, string>) => {
      received.push(message);
    });
    await pollUntil(() => received.length === 2);
    const login = received.find((m) => m.value === 'login')!;
    expect(login.key).toBe('user-1');
    expect(login.headers.get('source')).toBe('web');
    expect(received.map((m) => m.value).sort()).toEqual(['login', 'logout']);
  });

  it('splits partitions between two consumers of one group, and gives them back when one leaves', async () => {
    const b = await fixtures.broker();
    const bootstrapBrokers = [`127.0.0.1:${b.port}`];
    const admin = new Admin({ clientId: 'pk-admin', bootstrapBrokers });
    closers.push(() => admin.close());
    await admin.createTopics({ topics: ['work'], partitions: 4, replicas: 1 });

    const member = async (clientId: string) => {
      const consumer = new Consumer({ groupId: 'pk-workers', clientId, bootstrapBrokers, heartbeatInterval: 50 });
      const stream = await consumer.consume({ topics: ['work'], mode: MessagesStreamModes.EARLIEST });
      const close = () =>
        new Promise<void>((resolve, reject) => {
          stream.close(() => consumer.close(true, (err) => (err ? reject(err) : resolve())));
        });
      return { consumer, close };
    };
    const owned = (c: { consumer: Consumer }) =>
      (c.consumer.assignments ?? []).flatMap((a) => (a.topic === 'work' ? a.partitions : []));

    const first = await member('pk-1');
    const second = await member('pk-2');
    closers.push(second.close);
    await pollUntil(() => owned(first).length === 2 && owned(second).length === 2, 8000);
    expect(new Set([...owned(first), ...owned(second)]).size).toBe(4);

    await first.close();
    await pollUntil(() => owned(second).length === 4, 8000);
  });
});
