// The globalSetup recipe works as documented: examples/vitest-global-setup runs a vitest project
// whose tests reach the one broker through MINIBROKER_BROKERS, and the run exits cleanly.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { brokersFromEnv, globalSetup, schemaRegistryUrlFromEnv } from '../../testing/index.js';

describe('vitest globalSetup recipe', () => {
  it('starts one broker for the run and hands its address to the tests', async () => {
    const env = { ...process.env };
    delete env.MINIBROKER_BROKERS;
    const child = spawn(
      process.execPath,
      [
        'node_modules/vitest/vitest.mjs',
        'run',
        '--config',
        'examples/vitest-global-setup/vitest.config.ts',
        '--reporter',
        'dot',
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect({ code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/1 passed/);
  }, 30_000);

  it('brokersFromEnv reads the address list and says what to do when it is missing', () => {
    expect(brokersFromEnv({ MINIBROKER_BROKERS: '127.0.0.1:1, 127.0.0.1:2' })).toEqual(['127.0.0.1:1', '127.0.0.1:2']);
    expect(() => brokersFromEnv({})).toThrow(/MINIBROKER_BROKERS is not set: add minibroker\/testing's globalSetup/);
  });

  it('hands the schema registry URL over too, and removes both variables at teardown', async () => {
    const provided: Record<string, unknown> = {};
    const before = process.env.MINIBROKER_BROKERS;
    const teardown = await globalSetup({ provide: (key, value) => (provided[key] = value) });
    try {
      const url = schemaRegistryUrlFromEnv();
      expect(provided.minibrokerSchemaRegistryUrl).toBe(url);
      expect((await fetch(`${url}/subjects`)).status).toBe(200);
    } finally {
      await teardown();
    }
    expect(() => schemaRegistryUrlFromEnv()).toThrow(/MINIBROKER_SCHEMA_REGISTRY_URL is not set/);
    expect(process.env.MINIBROKER_BROKERS).toBeUndefined();
    if (before !== undefined) process.env.MINIBROKER_BROKERS = before;
  });
});
