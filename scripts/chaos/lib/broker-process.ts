// The built broker (dist/cli) as its own process, as users run it: a fixed port and data folder
// so it can be killed with SIGKILL and started again where clients expect it.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cliPath = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
const OUTPUT_LINES_KEPT = 30;

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

export interface ChaosBrokerOptions {
  /** Extra `minibroker start` flags. */
  args?: string[];
  /** Keep data in memory (nothing survives a restart). */
  memory?: boolean;
  logLevel?: string;
}

/** One broker address and data folder; the process behind it can be crashed and restarted. */
export class ChaosBroker {
  readonly dataDir = mkdtempSync(join(tmpdir(), 'minibroker-chaos-'));
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private readonly output: string[] = [];
  /** Exits nobody asked for (code or signal), e.g. a crash under fuzzing. */
  readonly unexpectedExits: string[] = [];

  private constructor(
    readonly port: number,
    private readonly options: ChaosBrokerOptions,
  ) {}

  static async start(options: ChaosBrokerOptions = {}): Promise<ChaosBroker> {
    const broker = new ChaosBroker(await freePort(), options);
    await broker.spawn();
    return broker;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last lines the broker printed, for a failure report. */
  get recentOutput(): string {
    return this.output.join('');
  }

  /** Starts the process (again) and waits until it accepts connections. */
  async spawn(timeoutMs = 15_000): Promise<void> {
    const storage = this.options.memory ? ['--memory'] : ['--data-dir', this.dataDir];
    const args = [
      cliPath,
      'start',
      '--port',
      String(this.port),
      '--http-port',
      'off',
      '--log-level',
      this.options.logLevel ?? 'error',
      ...storage,
      ...(this.options.args ?? []),
    ];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output.push(chunk.toString());
      if (this.output.length > OUTPUT_LINES_KEPT) this.output.shift();
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    let expected = false;
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        if (!expected && child === this.child) this.unexpectedExits.push(signal ?? `code ${code}`);
        resolve();
      }),
    );
    this.expectExit = () => (expected = true);
    const deadline = Date.now() + timeoutMs;
    while (!(await canConnect(this.port))) {
      if (!this.running) throw new Error(`broker exited during start-up:\n${this.recentOutput}`);
      if (Date.now() > deadline) throw new Error(`broker did not listen on ${this.port} within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private expectExit = () => {};

  /** SIGKILL, as a power cut or OOM kill would; the data folder stays. */
  async crash(): Promise<void> {
    this.expectExit();
    if (this.running) this.child!.kill('SIGKILL');
    await this.exited;
  }

  /** Graceful stop (SIGTERM) and removal of the data folder. */
  async stop(): Promise<void> {
    this.expectExit();
    if (this.running) this.child!.kill('SIGTERM');
    const forced = setTimeout(() => this.child?.kill('SIGKILL'), 10_000);
    await this.exited;
    clearTimeout(forced);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
