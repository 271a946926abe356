// close() leaves no open handle: a process that used the test broker (clients, a consumer, a
// held response, a pending wait) exits on its own once everything is closed.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('startTestBroker().close()', () => {
  it('lets the process exit on its own', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/fixtures/test-broker-exit.ts'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    // No process.exit() in the fixture: it ends only if nothing keeps the event loop alive.
    const hung = setTimeout(() => child.kill('SIGKILL'), 15_000);
    const [code, signal] = await new Promise<[number | null, string | null]>((resolve) =>
      child.once('exit', (c, s) => resolve([c, s])),
    );
    clearTimeout(hung);
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
    expect(JSON.parse(stdout)).toEqual({ pending: 'the test broker was closed' });
  });
});
