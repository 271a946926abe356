// SASL on the native port: with users configured, a connection may only ask ApiVersions and run
// the exchange; the right credentials open it, anything else ends it.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/errors.js';
import { ApiError, useBrokerFixtures, type RawClient } from '../helpers/broker.js';
import { authenticatePlain, authenticateScram, handshake, saslStep, SaslFailure } from '../helpers/sasl.js';

const fixtures = useBrokerFixtures();
const users = [{ username: 'alice', password: 'wonderland' }];

async function secured(options = {}) {
  const broker = await fixtures.broker({ users, saslFailureDelayMs: 0, ...options });
  return { broker, client: await fixtures.client(broker) };
}

async function expectFailure(action: Promise<unknown>, errorCode: number): Promise<void> {
  await expect(action).rejects.toSatisfy((e) => e instanceof SaslFailure && e.errorCode === errorCode);
}

async function expectMetadataWorks(client: RawClient): Promise<void> {
  const metadata = await client.request('Metadata', { allTopics: true });
  expect(metadata.brokers).toHaveLength(1);
}

describe('SASL on the native protocol', () => {
  it('answers ApiVersions before authentication and advertises the SASL APIs', async () => {
    const { client } = await secured();
    const versions = await client.request('ApiVersions', {});
    expect(versions.apis.map((a) => a.name)).toEqual(expect.arrayContaining(['SaslHandshake', 'SaslAuthenticate']));
  });

  it('refuses any other request before authentication and closes the connection', async () => {
    const { client } = await secured();
    const error = await client.request('Metadata', { allTopics: true }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as ApiError).frame.errorCode).toBe(ErrorCode.ILLEGAL_SASL_STATE);
    await client.closed;
  });

  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const)(
    '%s with the right password opens the connection',
    async (mechanism) => {
      const { client } = await secured();
      if (mechanism === 'PLAIN') await authenticatePlain(client, 'alice', 'wonderland');
      else await authenticateScram(client, mechanism, 'alice', 'wonderland');
      await expectMetadataWorks(client);
    },
  );

  it.each(['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'] as const)(
    '%s with a wrong password fails (58) and closes',
    async (mechanism) => {
      const { client } = await secured();
      const attempt =
        mechanism === 'PLAIN'
          ? authenticatePlain(client, 'alice', 'wrong')
          : authenticateScram(client, mechanism, 'alice', 'wrong');
      await expectFailure(attempt, ErrorCode.SASL_AUTHENTICATION_FAILED);
      await client.closed;
    },
  );

  it('fails an unknown user the same way as a wrong password', async () => {
    const { client } = await secured();
    await expectFailure(
      authenticateScram(client, 'SCRAM-SHA-256', 'mallory', 'x'),
      ErrorCode.SASL_AUTHENTICATION_FAILED,
    );
    await client.closed;
  });

  it('refuses a replayed SCRAM client-final on a new connection', async () => {
    const { broker, client } = await secured();
    const sent: Buffer[] = [];
    await authenticateScram(client, 'SCRAM-SHA-256', 'alice', 'wonderland', sent);
    const replay = await fixtures.client(broker);
    await handshake(replay, 'SCRAM-SHA-256');
    await saslStep(replay, sent[0]!);
    await expectFailure(saslStep(replay, sent[1]!), ErrorCode.SASL_AUTHENTICATION_FAILED);
    await replay.closed;
  });

  it('refuses a truncated SCRAM exchange', async () => {
    const { client } = await secured();
    await handshake(client, 'SCRAM-SHA-256');
    const serverFirst = (await saslStep(client, Buffer.from('n,,n=alice,r=abcdef'))).toString();
    const nonce = /r=([^,]+)/.exec(serverFirst)![1]!;
    await expectFailure(saslStep(client, Buffer.from(`c=biws,r=${nonce}`)), ErrorCode.SASL_AUTHENTICATION_FAILED);
    await client.closed;
  });

  it('refuses SaslAuthenticate before SaslHandshake (34) and closes', async () => {
    const { client } = await secured();
    await expectFailure(saslStep(client, Buffer.from('\0alice\0wonderland')), ErrorCode.ILLEGAL_SASL_STATE);
    await client.closed;
  });

  it('refuses an unknown mechanism (33) and lists the enabled ones; the connection may try again', async () => {
    const { client } = await secured();
    const response = await client.request('SaslHandshake', { mechanism: 'GSSAPI' });
    expect(response).toEqual({
      errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM,
      mechanisms: ['PLAIN', 'SCRAM-SHA-256', 'SCRAM-SHA-512'],
    });
    await authenticatePlain(client, 'alice', 'wonderland');
    await expectMetadataWorks(client);
  });

  it('refuses a second handshake after authentication', async () => {
    const { client } = await secured();
    await authenticatePlain(client, 'alice', 'wonderland');
    await expectFailure(handshake(client, 'PLAIN'), ErrorCode.ILLEGAL_SASL_STATE);
    await expectMetadataWorks(client);
  });

  it('closes a connection that does not authenticate in time, with a notice', async () => {
    const { client } = await secured({ saslAuthenticationTimeoutMs: 50 });
    await client.closed;
    expect(client.notices.map((n) => n.errorCode)).toEqual([ErrorCode.SASL_AUTHENTICATION_FAILED]);
  });

  it('stays open without users: no authentication needed, and SaslHandshake is refused (34)', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await expectMetadataWorks(client);
    await expectFailure(handshake(client, 'PLAIN'), ErrorCode.ILLEGAL_SASL_STATE);
    await expectFailure(saslStep(client, Buffer.from('x')), ErrorCode.ILLEGAL_SASL_STATE);
    await expectMetadataWorks(client);
  });
});

describe('frames before authentication', () => {
  it('are bounded to 512 KiB; after authentication the usual maximum applies', async () => {
    const broker = await fixtures.broker({ users, saslFailureDelayMs: 0 });
    const big = Buffer.alloc(600 * 1024);
    const early = await fixtures.client(broker);
    early.write(Buffer.concat([Buffer.from([0, 0x09, 0x60, 0x00]), big]));
    await early.closed;
    expect(early.notices.map((n) => n.errorCode)).toEqual([ErrorCode.INVALID_REQUEST]);

    const later = await fixtures.client(broker);
    await authenticatePlain(later, 'alice', 'wonderland');
    const answer = await later.send(0, 0, big);
    expect(answer.errorCode).toBe(ErrorCode.INVALID_REQUEST); // a malformed body, answered: not a refused frame
    await expectMetadataWorks(later);
  });
});
