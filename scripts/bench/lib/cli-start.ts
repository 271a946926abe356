// Times `minibroker start` as users launch it: from spawn to the first answered request (the
// address comes from the start line on stdout), then stops the process.
import { spawn } from 'node:child_process';
import { probeApiVersions } from './api-versions-probe.js';
import { elapsedMs } from './stats.js';

export function cliStartToServingMs(startArgs: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(
      process.execPath,
      ['dist/cli/main.js', 'start', '--port', '0', '--log-level', 'info', ...startArgs],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    let probed = false;
    child.once('exit', (code) => !probed && reject(new Error(`minibroker start exited with ${code} before answering`)));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const address = /"address":"([^"]+):(\d+)"/.exec(out);
      if (!address || probed) return;
      probed = true;
      probeApiVersions(address[1]!, Number(address[2])).then(
        () => {
          const ms = elapsedMs(start);
          child.once('exit', () => resolve(ms));
          child.kill('SIGTERM');
        },
        (error: unknown) => {
          child.kill('SIGKILL');
          reject(error);
        },
      );
    });
  });
}
