// The admin HTTP API's guard over a real socket: the Host header check (DNS rebinding) always,
// and with users or a token, credentials on every route, console included.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { useBrokerFixtures } from '../helpers/broker.js';

const fixtures = useBrokerFixtures();
const users = [{ username: 'alice', password: 'wonderland' }];
const TOKEN = 'a-long-admin-token-0123456789';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
  });
}

const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

async function adminUrl(options = {}): Promise<string> {
  const broker = await fixtures.broker({ httpPort: 0, saslFailureDelayMs: 0, ...options });
  return broker.adminUrl!;
}

describe('admin HTTP API guard', () => {
  it('refuses a foreign Host header (403), with or without users', async () => {
    for (const url of [await adminUrl(), await adminUrl({ users })]) {
      const answer = await get(`${url}/api/topics`, {
        host: 'evil.example:8080',
        authorization: basic('alice', 'wonderland'),
      });
      expect(answer.status).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ error: { code: 'HOST_NOT_ALLOWED' } });
    }
  });

  it('accepts the loopback names and --admin-allowed-hosts entries', async () => {
    const url = await adminUrl({ adminAllowedHosts: ['broker.team.internal'] });
    const port = new URL(url).port;
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`, 'broker.team.internal', 'LOCALHOST'])
      expect((await get(`${url}/health`, { host })).status, host).toBe(200);
  });

  it('is open without users, and sends no CORS headers', async () => {
    const answer = await get(`${await adminUrl()}/api/topics`, { origin: 'https://evil.example' });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('with users, needs credentials on every route, the console included', async () => {
    const url = await adminUrl({ users, superUsers: ['alice'] });
    for (const path of ['/api/topics', '/health', '/metrics', '/', '/subjects', '/schemas/types', '/config']) {
      const answer = await get(`${url}${path}`);
      expect(answer.status, path).toBe(401);
      expect(answer.headers['www-authenticate']).toMatch(/^Basic realm="minibroker"/);
    }
    expect((await get(`${url}/api/topics`, { authorization: basic('alice', 'wrong') })).status).toBe(401);
    expect((await get(`${url}/api/topics`, { authorization: basic('mallory', 'wonderland') })).status).toBe(401);
    expect((await get(`${url}/api/topics`, { authorization: basic('alice', 'wonderland') })).status).toBe(200);
    expect((await get(`${url}/`, { authorization: basic('alice', 'wonderland') })).status).toBe(200);
    // The schema registry lives on the admin server: the same credentials open it.
    expect((await get(`${url}/subjects`, { authorization: basic('alice', 'wonderland') })).status).toBe(200);
  });

  it('accepts the bearer admin token, and only that token', async () => {
    const url = await adminUrl({ users, adminToken: TOKEN });
    expect((await get(`${url}/api/topics`, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
    expect((await get(`${url}/api/topics`, { authorization: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await get(`${url}/api/topics`, { authorization: 'Bearer ' })).status).toBe(401);
  });

  it('with only an admin token (no users), still needs it', async () => {
    const url = await adminUrl({ adminToken: TOKEN });
    expect((await get(`${url}/api/topics`)).status).toBe(401);
    expect((await get(`${url}/api/topics`, { authorization: `Bearer ${TOKEN}` })).status).toBe(200);
  });
});

describe('admin HTTP API with ACLs', () => {
  const team = [...users, { username: 'bob', password: 'builder' }];

  function request(url: string, method: string, auth: string, body?: object): Promise<number> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        url,
        { method, headers: { authorization: auth, ...(body ? { 'content-type': 'application/json' } : {}) } },
        (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(body ? JSON.stringify(body) : undefined);
    });
  }

  it('applies the same ACLs as the broker port, per route; super users and the token pass', async () => {
    const broker = await fixtures.broker({ httpPort: 0, users: team, superUsers: ['alice'], adminToken: TOKEN });
    const url = broker.adminUrl!;
    const bob = basic('bob', 'builder');
    expect(await request(`${url}/api/topics`, 'POST', basic('alice', 'wonderland'), { topic: 'orders' })).toBe(201);
    expect(await request(`${url}/api/topics/orders`, 'GET', bob)).toBe(403);
    expect(await request(`${url}/api/topics`, 'GET', bob)).toBe(403);
    expect(await request(`${url}/health`, 'GET', bob)).toBe(200);
    // The schema registry's routes follow the default rule: reading needs DESCRIBE on the cluster.
    expect(await request(`${url}/subjects`, 'GET', bob)).toBe(403);
    expect(await request(`${url}/subjects`, 'GET', basic('alice', 'wonderland'))).toBe(200);

    broker.services.authorizer.add([
      {
        resourceType: 2,
        resourceName: 'orders',
        patternType: 3,
        principal: 'User:bob',
        host: '*',
        operation: 8, // DESCRIBE
        permissionType: 3,
      },
    ]);
    expect(await request(`${url}/api/topics/orders`, 'GET', bob)).toBe(200);
    expect(await request(`${url}/api/topics/orders`, 'DELETE', bob)).toBe(403);
    expect(await request(`${url}/api/topics/orders`, 'DELETE', `Bearer ${TOKEN}`)).toBe(204);
  });
});

describe('admin HTTP API: /api/acls', () => {
  function call(url: string, method: string, auth: string, body?: object): Promise<{ status: number; body: unknown }> {
    const text = body ? JSON.stringify(body) : undefined;
    // With a content-length: Node sends DELETE bodies without chunked encoding.
    const headers = text
      ? { authorization: auth, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)) }
      : { authorization: auth };
    return new Promise((resolve, reject) => {
      const req = http.request(url, { method, headers }, (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : null }));
      });
      req.on('error', reject);
      req.end(text);
    });
  }

  it('adds, lists and removes ACLs (cluster ALTER/DESCRIBE), and the ACLs apply at once', async () => {
    const team = [...users, { username: 'bob', password: 'builder' }];
    const broker = await fixtures.broker({ httpPort: 0, users: team, superUsers: ['alice'] });
    const url = broker.adminUrl!;
    const alice = basic('alice', 'wonderland');
    const bob = basic('bob', 'builder');
    const acl = { resourceType: 'TOPIC', resourceName: 'orders', principal: 'User:bob', operation: 'DESCRIBE' };
    await call(`${url}/api/topics`, 'POST', alice, { topic: 'orders' });

    expect(await call(`${url}/api/acls`, 'POST', bob, acl)).toMatchObject({ status: 403 });
    expect(await call(`${url}/api/acls`, 'POST', alice, acl)).toEqual({
      status: 201,
      body: { acl: { ...acl, patternType: 'LITERAL', host: '*', permissionType: 'ALLOW' } },
    });
    expect(await call(`${url}/api/acls`, 'GET', alice)).toMatchObject({
      status: 200,
      body: { enforced: true, acls: [expect.objectContaining(acl)] },
    });
    expect((await call(`${url}/api/topics/orders`, 'GET', bob)).status).toBe(200);

    expect(await call(`${url}/api/acls`, 'POST', alice, { ...acl, principal: 'bob' })).toMatchObject({ status: 400 });
    expect(await call(`${url}/api/acls`, 'POST', alice, { ...acl, operation: 'FLY' })).toMatchObject({ status: 400 });
    expect(await call(`${url}/api/acls`, 'DELETE', alice, acl)).toEqual({ status: 200, body: { removed: 1 } });
    expect((await call(`${url}/api/topics/orders`, 'GET', bob)).status).toBe(403);
  });
});
