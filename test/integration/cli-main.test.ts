// The `minibroker` executable's routing: `start` goes to the server's own command (flags and
// help included), everything else to the client commands.
import { describe, expect, it } from 'vitest';
import { runCli, spawnBroker } from '../helpers/run-cli.js';

describe('minibroker (cli/main.ts)', () => {
  it('lists every command in --help and hands start, with its own flags and help, to the server', async () => {
    const [help, startHelp] = await Promise.all([runCli(['--help']), runCli(['start', '--help'])]);
    for (const command of ['start', 'topics', 'groups', 'produce', 'consume'])
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(startHelp.stdout).toMatch(/Usage: minibroker start \[options\]/);
    expect(startHelp.stdout).toMatch(/--data-dir <dir>/);

    // No admin HTTP port: the default one may be taken by a parallel test.
    const { cli: broker, address } = await spawnBroker(['--memory'], { env: { MINIBROKER_HTTP_PORT: 'off' } });
    const created = await runCli(['topics', 'create', '--topic', 'routed', '--bootstrap-server', address]);
    expect(created).toMatchObject({ code: 0, stdout: 'Created topic routed with 1 partition.\n' });
    broker.child.kill('SIGTERM');
    expect((await broker.exited).code).toBe(0);
  });
});
