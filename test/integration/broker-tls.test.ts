// TLS on the broker port and the admin HTTP server, with certificates made at run time.
import { spawn } from 'node:child_process';
import https from 'node:https';
import net from 'node:net';
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../client-sdk/index.js';
import { ErrorCode } from '../../protocol/errors.js';
import { useBrokerFixtures } from '../helpers/broker.js';
import { hasOpenssl, makeCerts, type CertFiles } from '../helpers/tls-certs.js';

const fixtures = useBrokerFixtures();

// CI (Debian) has openssl; a machine without it skips, saying why.
// Skipped only off CI, saying so: on CI a missing openssl must fail, not hide the tests.
const runTlsTests = hasOpenssl() || Boolean(process.env.CI);
if (!runTlsTests) console.warn('TLS tests not run: openssl is missing');

describe.runIf(runTlsTests)('TLS (openssl makes the throwaway certificates)', () => {
  let certs: CertFiles;
  beforeAll(() => {
    certs = makeCerts();
  });
  afterAll(() => certs.remove());

  const tlsBroker = (options = {}) =>
    fixtures.broker({ tlsCert: certs.serverCert, tlsKey: certs.serverKey, ...options });
  const client = (brokers: string[], ssl: boolean | TlsConnectionOptions, extra = {}) =>
    new Client({ brokers, ssl, logLevel: 'nothing', retry: { retries: 0 }, connectionTimeout: 3000, ...extra });

  async function roundTrip(c: Client): Promise<string> {
    const producer = c.producer();
    await producer.connect();
    try {
      const [sent] = await producer.send({ topic: 'tls', messages: [{ value: 'secret' }] });
      return sent!.baseOffset;
    } finally {
      await producer.disconnect();
    }
  }

  it('serves clients that trust its CA', async () => {
    const broker = await tlsBroker();
    expect(await roundTrip(client(broker.brokers, { ca: [certs.read(certs.caCert)] }))).toBe('0');
  });

  it('fails a client that does not trust the certificate, with a clear connection error', async () => {
    const broker = await tlsBroker({ tlsCert: certs.untrustedServerCert, tlsKey: certs.untrustedServerKey });
    const producer = client(broker.brokers, { ca: [certs.read(certs.caCert)] }).producer();
    const error = await producer.connect().catch((e: unknown) => e as Error);
    expect(error).toMatchObject({ code: ErrorCode.NETWORK_EXCEPTION });
    expect(error?.message).toMatch(/certificate/i);
    await producer.disconnect();
  });

  it('gives a plain-TCP client nothing but a closed connection', async () => {
    const broker = await tlsBroker();
    const socket = net.connect(broker.port, '127.0.0.1');
    socket.on('error', () => {});
    socket.write(Buffer.from([0, 0, 0, 4, 1, 2, 3, 4]));
    const received: Buffer[] = [];
    socket.on('data', (d: Buffer) => received.push(d));
    await new Promise((resolve) => socket.once('close', resolve));
    // Whatever came back is TLS (an alert record starts with 0x15), never a minibroker frame.
    for (const chunk of received) expect(chunk[0]).toBe(0x15);
  });

  it('combines with SCRAM', async () => {
    const broker = await tlsBroker({ users: [{ username: 'alice', password: 'wonderland' }], superUsers: ['alice'] });
    const c = client(
      broker.brokers,
      { ca: [certs.read(certs.caCert)] },
      {
        sasl: { mechanism: 'scram-sha-512', username: 'alice', password: 'wonderland' },
      },
    );
    expect(await roundTrip(c)).toBe('0');
  });

  describe('with --tls-ca (client certificates)', () => {
    const mtlsBroker = () => tlsBroker({ tlsCa: certs.caCert });
    const trusting = () => ({ ca: [certs.read(certs.caCert)] });

    it('serves a client whose certificate the CA signed', async () => {
      const broker = await mtlsBroker();
      const ssl = { ...trusting(), cert: certs.read(certs.clientCert), key: certs.read(certs.clientKey) };
      expect(await roundTrip(client(broker.brokers, ssl))).toBe('0');
    });

    it.each([
      ['no certificate', {}],
      ['a certificate from another CA', { cert: 'untrustedClientCert', key: 'untrustedClientKey' }],
    ] as const)('refuses a client with %s', async (_what, pick) => {
      const broker = await mtlsBroker();
      const own = 'cert' in pick ? { cert: certs.read(certs[pick.cert]), key: certs.read(certs[pick.key]) } : {};
      const producer = client(broker.brokers, { ...trusting(), ...own }).producer();
      await expect(producer.connect()).rejects.toMatchObject({ code: ErrorCode.NETWORK_EXCEPTION });
      await producer.disconnect();
    });
  });

  it('is probed by the container healthcheck over TLS', async () => {
    const broker = await tlsBroker();
    const child = spawn(process.execPath, ['scripts/healthcheck.mjs'], {
      env: { ...process.env, MINIBROKER_PORT: String(broker.port), MINIBROKER_TLS_CERT: certs.serverCert },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect({ code, output }).toEqual({ code: 0, output: expect.stringMatching(/^healthy: minibroker /) });
  });

  it('serves the admin HTTP API over HTTPS', async () => {
    const broker = await tlsBroker({ httpPort: 0 });
    expect(broker.adminUrl).toMatch(/^https:/);
    const status = await new Promise<number>((resolve, reject) =>
      https
        .get(`${broker.adminUrl!}/health`, { ca: certs.read(certs.caCert) }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        })
        .on('error', reject),
    );
    expect(status).toBe(200);
  });
});
