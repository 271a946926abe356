// `minibroker start` with security settings, and the client tools authenticating, as real processes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const tempDir = useTempDirs('cli-security');

/** The JSON log lines printed so far. */
function logLines(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim().startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function startedAt(cli: ReturnType<typeof spawnCli>): Promise<string> {
  await cli.waitFor(/minibroker listening/);
  const line = logLines(cli.output().stdout).find((l) => String(l.msg).includes('listening'));
  return String(line!.address);
}

describe('minibroker start: safe defaults', () => {
  it('refuses to listen on a non-loopback address without users', async () => {
    const cli = spawnCli(['start', '--memory', '--host', '0.0.0.0', '--port', '0', '--http-port', 'off']);
    const result = await cli.exited;
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/refusing to listen on 0\.0\.0\.0 without users.*--insecure/);
  });
});

describe('minibroker start --users-file, and the client tools', () => {
  it('serves tools that authenticate (flags or environment); MINIBROKER_USERS adds users', async () => {
    const usersFile = join(tempDir(), 'users');
    writeFileSync(usersFile, '# the team\nalice:wonderland\n');
    const broker = spawnCli(['start', '--memory', '--port', '0', '--http-port', 'off', '--users-file', usersFile], {
      env: { MINIBROKER_USERS: 'bob:builder', MINIBROKER_SUPER_USERS: 'alice,bob' },
    });
    const address = await startedAt(broker);

    const created = await spawnCli(['topics', 'create', '--topic', 'orders', '--partitions', '2'], {
      brokers: [address],
      env: {
        MINIBROKER_SASL_MECHANISM: 'scram-sha-512',
        MINIBROKER_SASL_USERNAME: 'bob',
        MINIBROKER_SASL_PASSWORD: 'builder',
      },
    }).exited;
    expect(created.code).toBe(0);
    const listed = await spawnCli(['topics', 'list', '--sasl-mechanism', 'plain', '--sasl-username', 'alice'], {
      brokers: [address],
      env: { MINIBROKER_SASL_PASSWORD: 'wonderland' },
    }).exited;
    expect(listed.stdout).toMatch(/orders/);

    broker.child.kill('SIGTERM');
    expect((await broker.exited).code).toBe(0);
  });
});
