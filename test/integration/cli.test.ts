// The CLI as users run it: a real process, flags and environment, a start line, graceful stop.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../helpers/broker.js';

const children: ChildProcessWithoutNullStreams[] = [];
const folders: string[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function runCli(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', ...args], {
    env: { ...process.env, ...env },
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  /** Resolves with the first JSON log line whose msg matches. */
  const logLine = (pattern: RegExp) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const check = () => {
        for (const line of stdout.split('\n')) {
          if (!line.trim()) continue;
          const entry = JSON.parse(line) as Record<string, unknown>;
          if (pattern.test(String(entry.msg))) return resolve(entry);
        }
      };
      child.stdout.on('data', check);
      child.once('exit', () => reject(new Error(`exited before logging ${pattern}: ${stderr}`)));
    });
  return { child, exited, logLine, output: () => ({ stdout, stderr }) };
}

describe('minibroker start', () => {
  it('logs its address, serves requests and stops gracefully on SIGTERM', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'minibroker-cli-'));
    folders.push(dataDir);
    const cli = runCli(['start', '--port', '0', '--http-port', '0', '--data-dir', dataDir]);
    const started = await cli.logLine(/listening/);
    const [host, port] = String(started.address).split(':');
    expect(started.dataDir).toBe(dataDir);
    const health = await fetch(`${String(started.adminUrl)}/health`);
    expect(health.status).toBe(200);

    const client = await RawClient.connect(Number(port), host);
    const versions = await client.request('ApiVersions', {});
    expect(versions.apis.map((a) => a.name)).toContain('Produce');
    client.destroy();

    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.output().stdout).toMatch(/broker stopped/);
  });

  it('takes settings from MINIBROKER_* variables, flags winning', async () => {
    const cli = runCli(['start', '--port', '0', '--log-level', 'info', '--http-port', 'off'], {
      MINIBROKER_MEMORY: 'true',
      MINIBROKER_PORT: '1',
      MINIBROKER_LOG_LEVEL: 'error',
    });
    const started = await cli.logLine(/listening/);
    expect(started.msg).toMatch(/in memory/);
    expect(String(started.address)).not.toMatch(/:1$/);
    cli.child.kill('SIGINT');
    expect(await cli.exited).toBe(0);
  });

  it('takes connection limits from flags: a refused client gets a notice and the broker logs why', async () => {
    const cli = runCli([
      'start',
      '--port',
      '0',
      '--memory',
      '--http-port',
      'off',
      '--log-level',
      'info',
      '--max-connections',
      '1',
      '--max-frame-bytes',
      '2048',
    ]);
    const started = await cli.logLine(/listening/);
    const [host, port] = String(started.address).split(':');
    const first = await RawClient.connect(Number(port), host);
    await first.request('ApiVersions', {});
    const refusedLine = cli.logLine(/connection refused/);
    const second = await RawClient.connect(Number(port), host);
    await second.closed;
    expect(second.notices[0]?.errorMessage).toMatch(/maxConnections \(1\)/);
    expect(await refusedLine).toMatchObject({ level: 40, reason: 'the broker has reached maxConnections (1)' });
    first.destroy();
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
  });

  it('refuses an invalid setting with a message naming it', async () => {
    const cli = runCli(['start', '--port', 'ninety']);
    expect(await cli.exited).toBe(1);
    expect(cli.output().stderr).toMatch(/port/);
  });
});
