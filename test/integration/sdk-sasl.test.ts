// The SDK's `sasl` option (KafkaJS's shape) against a broker with users.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, type SaslOptions } from '../../client-sdk/index.js';
import { ErrorCode } from '../../protocol/errors.js';
import { startTestBroker } from '../helpers/broker.js';
import type { Broker } from '../../server/index.js';

const brokers: Broker[] = [];
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
  await Promise.all(brokers.splice(0).map((b) => b.close()));
});

async function brokerWithUsers(): Promise<Broker> {
  const broker = await startTestBroker({
    users: [{ username: 'alice', password: 'wonderland' }],
    superUsers: ['alice'],
    saslFailureDelayMs: 0,
  });
  brokers.push(broker);
  return broker;
}

function client(broker: Broker, sasl?: SaslOptions): Client {
  return new Client({
    clientId: 'sasl-test',
    brokers: broker.brokers,
    logLevel: 'nothing',
    retry: { retries: 3, initialRetryTime: 20 },
    sasl,
  });
}

describe('SDK sasl option', () => {
  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)('produces and consumes with %s', async (mechanism) => {
    const broker = await brokerWithUsers();
    const c = client(broker, { mechanism, username: 'alice', password: 'wonderland' });
    const producer = c.producer();
    await producer.connect();
    closers.push(() => producer.disconnect());
    await producer.send({ topic: 't', messages: [{ value: 'hello' }] });
    const admin = c.admin();
    await admin.connect();
    closers.push(() => admin.disconnect());
    expect(await admin.fetchTopicOffsets('t')).toEqual([expect.objectContaining({ partition: 0, high: '1' })]);
  });

  it('fails with a non-retriable SASL_AUTHENTICATION_FAILED naming the user and mechanism', async () => {
    const broker = await brokerWithUsers();
    const admin = client(broker, { mechanism: 'scram-sha-256', username: 'alice', password: 'wrong' }).admin();
    closers.push(() => admin.disconnect());
    const error = await admin.connect().catch((e: unknown) => e);
    expect(error).toMatchObject({
      type: 'SASL_AUTHENTICATION_FAILED',
      code: ErrorCode.SASL_AUTHENTICATION_FAILED,
      retriable: false,
    });
    expect((error as Error).message).toContain('SASL SCRAM-SHA-256 authentication of "alice"');
  });

  it('without credentials, the broker refuses the client', async () => {
    const broker = await brokerWithUsers();
    const admin = client(broker).admin();
    closers.push(() => admin.disconnect());
    await expect(admin.connect()).rejects.toMatchObject({ code: ErrorCode.ILLEGAL_SASL_STATE, retriable: false });
  });

  it('checks the option before connecting', () => {
    expect(() => client({ brokers: ['x:1'] } as Broker, { mechanism: 'gssapi' } as unknown as SaslOptions)).toThrow(
      /sasl.mechanism must be one of/,
    );
    expect(() => client({ brokers: ['x:1'] } as Broker, { mechanism: 'plain', username: 'a', password: '' })).toThrow(
      /non-empty/,
    );
  });
});
