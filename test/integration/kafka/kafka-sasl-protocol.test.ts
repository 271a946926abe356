// SASL on the Kafka front end over a raw socket: SaslAuthenticate's error answer and the closed
// connection, a v0 handshake's bare tokens, the authentication timeout, and a refused group.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../protocol/errors.js';
import { FrameDecoder } from '../../../protocol/framing.js';
import type {
  FindCoordinatorResponse,
  MetadataResponse,
  SaslAuthenticateResponse,
  SaslHandshakeResponse,
} from '../../../protocol/kafka/generated/index.js';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { KafkaRawClient, kafkaRequestFrame } from '../../helpers/kafka-raw.js';

const fixtures = useBrokerFixtures();
const users = [
  { username: 'alice', password: 'alice-pw' },
  { username: 'bob', password: 'bob-pw' },
];
const secureBroker = (options = {}) =>
  fixtures.broker({ users, superUsers: ['alice'], saslFailureDelayMs: 0, ...options });
const plainToken = (username: string, password: string) => Buffer.from(`\0${username}\0${password}`);

async function plainLogin(port: number, username: string, password: string) {
  const client = await KafkaRawClient.connect(port);
  const handshake = await client.request<SaslHandshakeResponse>('SaslHandshake', 1, { mechanism: 'PLAIN' });
  expect(handshake).toEqual({ errorCode: 0, mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] });
  const answer = await client.request<SaslAuthenticateResponse>('SaslAuthenticate', 2, {
    authBytes: plainToken(username, password),
  });
  return { client, answer };
}

/** A bare socket, for the v0 exchange whose token answers carry no correlation id. */
async function bareSocket(port: number) {
  const socket = net.connect({ port, host: '127.0.0.1' });
  await new Promise((resolve) => socket.once('connect', resolve));
  socket.on('error', () => {});
  const decoder = new FrameDecoder(1 << 20);
  const frames: Buffer[] = [];
  const waiting: ((frame: Buffer) => void)[] = [];
  socket.on('data', (chunk: Buffer) => {
    for (const frame of decoder.push(chunk)) {
      const next = waiting.shift();
      if (next) next(frame);
      else frames.push(frame);
    }
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const send = (bytes: Buffer) => {
    const frame = frames.shift();
    const answer = frame ? Promise.resolve(frame) : new Promise<Buffer>((resolve) => waiting.push(resolve));
    socket.write(bytes);
    return answer;
  };
  return { socket, send, closed };
}

const withLength = (bytes: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
};

describe('SASL on the Kafka protocol front end', () => {
  it('answers right credentials, then serves requests', async () => {
    const broker = await secureBroker();
    const { client, answer } = await plainLogin(broker.port, 'alice', 'alice-pw');
    expect(answer.errorCode).toBe(0);
    const metadata = await client.request<MetadataResponse>('Metadata', 9, {
      topics: [{ name: 'created-after-login' }],
      allowAutoTopicCreation: true,
    });
    expect(metadata.topics[0]?.errorCode).toBe(0);
    client.destroy();
  });

  it('answers wrong credentials with SASL_AUTHENTICATION_FAILED and a message, then closes', async () => {
    const broker = await secureBroker();
    const { client, answer } = await plainLogin(broker.port, 'alice', 'wrong');
    expect(answer.errorCode).toBe(ErrorCode.SASL_AUTHENTICATION_FAILED);
    expect(answer.errorMessage).toMatch(/Authentication failed during PLAIN/);
    await client.closed;
  });

  it('refuses an unknown mechanism and a SaslAuthenticate without a handshake (then closes)', async () => {
    const broker = await secureBroker();
    const client = await KafkaRawClient.connect(broker.port);
    const handshake = await client.request<SaslHandshakeResponse>('SaslHandshake', 1, { mechanism: 'GSSAPI' });
    expect(handshake.errorCode).toBe(ErrorCode.UNSUPPORTED_SASL_MECHANISM);
    const other = await KafkaRawClient.connect(broker.port);
    const early = await other.request<SaslAuthenticateResponse>('SaslAuthenticate', 1, {
      authBytes: plainToken('alice', 'alice-pw'),
    });
    expect(early.errorCode).toBe(ErrorCode.ILLEGAL_SASL_STATE);
    await other.closed;
    client.destroy();
  });

  it('after a v0 handshake, takes bare SASL tokens (right ones authenticate, wrong ones close)', async () => {
    const broker = await secureBroker();
    const good = await bareSocket(broker.port);
    const handshake = await good.send(kafkaRequestFrame('SaslHandshake', 0, 1, { mechanism: 'PLAIN' }));
    expect(handshake.readInt32BE(0)).toBe(1); // correlation id
    expect(handshake.readInt16BE(4)).toBe(0);
    // PLAIN's success is an empty token.
    expect(await good.send(withLength(plainToken('alice', 'alice-pw')))).toEqual(Buffer.alloc(0));
    const metadata = await good.send(kafkaRequestFrame('Metadata', 1, 2, { topics: [] }));
    expect(metadata.readInt32BE(0)).toBe(2);
    good.socket.destroy();

    const bad = await bareSocket(broker.port);
    await bad.send(kafkaRequestFrame('SaslHandshake', 0, 1, { mechanism: 'PLAIN' }));
    bad.socket.write(withLength(plainToken('alice', 'wrong')));
    await bad.closed;
  });

  it('closes a Kafka connection that does not authenticate within saslAuthenticationTimeoutMs', async () => {
    const broker = await secureBroker({ saslAuthenticationTimeoutMs: 50 });
    const client = await KafkaRawClient.connect(broker.port);
    await client.request<SaslHandshakeResponse>('SaslHandshake', 1, { mechanism: 'PLAIN' });
    await client.closed;
  });

  it('authorizes an authenticated user per resource: a group without ACLs is refused (30)', async () => {
    const broker = await secureBroker();
    const { client, answer } = await plainLogin(broker.port, 'bob', 'bob-pw');
    expect(answer.errorCode).toBe(0);
    const found = await client.request<FindCoordinatorResponse>('FindCoordinator', 1, { key: 'others', keyType: 0 });
    expect(found.errorCode).toBe(ErrorCode.GROUP_AUTHORIZATION_FAILED);
    const metadata = await client.request<MetadataResponse>('Metadata', 9, {
      topics: [{ name: 'secret' }],
      allowAutoTopicCreation: true,
    });
    expect(metadata.topics[0]?.errorCode).toBe(ErrorCode.TOPIC_AUTHORIZATION_FAILED);
    expect(broker.services.topics.list()).toEqual([]);
    client.destroy();
  });
});
