// No Docker engine runs here, so the container files are checked for what they promise:
// docker-compose.yml's structure (parsed as YAML), environment names the broker really reads,
// the Dockerfile's key lines, and the healthcheck script against a live broker.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configFromEnv, normalizeConfig } from '../../server/config.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';

interface ComposeService {
  build?: unknown;
  image?: string;
  ports?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  healthcheck?: { test: string[]; interval?: string; timeout?: string; retries?: number };
}
interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

const compose = parse(readFileSync('docker-compose.yml', 'utf8')) as ComposeFile;
const dockerfile = readFileSync('Dockerfile', 'utf8');
const broker = compose.services.broker!;

/** Dockerfile ENV lines (with continuations) as name -> value. */
function dockerfileEnv(): Record<string, string> {
  const joined = dockerfile.replace(/\\\n\s*/g, ' ');
  const env: Record<string, string> = {};
  for (const line of joined.split('\n').filter((l) => l.startsWith('ENV '))) {
    for (const [, name, value] of line.slice(4).matchAll(/(\w+)=(\S+)/g)) env[name!] = value!;
  }
  return env;
}

/** Each MINIBROKER_* variable maps onto a broker setting, and together they validate. */
function expectBrokerEnv(env: Record<string, string>): void {
  const names = Object.keys(env).filter((n) => n.startsWith('MINIBROKER_'));
  expect(names.length).toBeGreaterThan(0);
  for (const name of names)
    expect(Object.keys(configFromEnv({ [name]: String(env[name]) })), `${name} is not a broker setting`).toHaveLength(
      1,
    );
  expect(() => normalizeConfig(configFromEnv(Object.fromEntries(names.map((n) => [n, String(env[n])]))))).not.toThrow();
}

describe('docker-compose.yml', () => {
  it('has a broker service built from the Dockerfile, on port 9092 with the admin API on 8080', () => {
    expect(Object.keys(compose.services)).toEqual(['broker']);
    expect(broker.build).toBe('.');
    expect(broker.image).toMatch(/^minibroker/);
    // Published on the host's loopback only: the compose broker runs without users.
    expect(broker.ports).toEqual(['127.0.0.1:9092:9092', '127.0.0.1:8080:8080']);
    expect(broker.environment!.MINIBROKER_INSECURE).toBe('true');
    expect(broker.environment!.MINIBROKER_HTTP_PORT).toBe('8080');
    expect(broker.environment!.MINIBROKER_PORT).toBe('9092');
    expect(broker.environment!.MINIBROKER_HOST).toBe('0.0.0.0');
  });

  it('keeps data on a named volume at the broker data folder', () => {
    const [volume, target] = broker.volumes![0]!.split(':');
    expect(Object.keys(compose.volumes ?? {})).toContain(volume);
    expect(target).toBe(broker.environment!.MINIBROKER_DATA_DIR);
  });

  it('checks health with the bundled script', () => {
    expect(broker.healthcheck!.test).toEqual(['CMD', 'node', 'scripts/healthcheck.mjs']);
    expect(broker.healthcheck!.retries).toBeGreaterThan(0);
    expect(existsSync('scripts/healthcheck.mjs')).toBe(true);
  });

  it('sets only environment variables the broker reads, with valid values', () => {
    expect(Object.keys(broker.environment!).every((n) => n.startsWith('MINIBROKER_'))).toBe(true);
    expectBrokerEnv(broker.environment!);
  });
});

describe('Dockerfile', () => {
  const lines = dockerfile.split('\n');

  it('builds in stages from node:20-slim', () => {
    const froms = lines.filter((l) => l.startsWith('FROM '));
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(/^FROM node:20-slim( AS \w+)?$/);
    expect(dockerfile).toMatch(/^COPY --from=build /m);
  });

  it('runs as a non-root user with a data volume, a healthcheck and the CLI', () => {
    const user = lines.filter((l) => l.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)\b/);
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*CMD \["node", "scripts\/healthcheck\.mjs"\]$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/scripts\/healthcheck\.mjs /m);
    expect(dockerfile).toMatch(/^EXPOSE 9092 8080$/m);
    expect(dockerfile).toMatch(/^COPY cli \.\/cli$/m);
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "dist\/cli\/main\.js"\]$/m);
    expect(dockerfile).toMatch(/^CMD \["start"\]$/m);
  });

  it('sets environment variables the broker reads, with the data folder on the volume', () => {
    const env = dockerfileEnv();
    expect(env.MINIBROKER_DATA_DIR).toBe('/data');
    expectBrokerEnv(env);
  });
});

// The script runs from dist/, as in the image; `npm install` / `npm ci` build dist/ (prepare).
describe('scripts/healthcheck.mjs', () => {
  let test: TestBroker;
  beforeAll(async () => {
    test = await startTestBroker();
  });
  afterAll(() => test.close());

  function healthcheck(port: number): Promise<{ code: number | null; output: string }> {
    const child = spawn(process.execPath, ['scripts/healthcheck.mjs'], {
      env: { ...process.env, MINIBROKER_PORT: String(port), MINIBROKER_HEALTHCHECK_TIMEOUT_MS: '2000' },
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
  }

  it('is healthy when the broker answers ApiVersions', async () => {
    const port = Number(test.brokers[0]!.split(':')[1]);
    expect(await healthcheck(port)).toEqual({ code: 0, output: expect.stringMatching(/^healthy: minibroker /) });
  });

  it('is unhealthy when nothing listens', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    expect(await healthcheck(port)).toEqual({ code: 1, output: expect.stringMatching(/^unhealthy: .*ECONNREFUSED/) });
  });
});
