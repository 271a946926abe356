// The globalSetup recipe works as documented: examples/vitest-global-setup runs a vitest project
// whose tests reach the one broker through MINIBROKER_BROKERS, and the run exits cleanly.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { brokersFromEnv } from '../../testing/index.js';

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
});
