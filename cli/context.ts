// What every client command shares: the broker address (--bootstrap-server, MINIBROKER_BROKERS,
// else 127.0.0.1:9092), --json, an SDK client tuned to fail fast, and the action wrapper that
// prints one clear line and sets the exit code on failure.
import type { Command } from 'commander';
import { Client, type Admin } from '../client-sdk/index.js';
import { describeFailure } from './errors.js';

export const DEFAULT_BOOTSTRAP = '127.0.0.1:9092';
export const CLI_CLIENT_ID = 'minibroker-cli';

export interface CommonOptions {
  bootstrapServer: string;
  json?: boolean;
}

/** Adds --bootstrap-server and --json to a leaf command. */
export function withCommonOptions(command: Command): Command {
  return command
    .option(
      '--bootstrap-server <host:port>',
      'broker address(es), comma-separated (env MINIBROKER_BROKERS)',
      process.env.MINIBROKER_BROKERS || DEFAULT_BOOTSTRAP,
    )
    .option('--json', 'print machine-readable JSON');
}

export function brokersOf(options: CommonOptions): string[] {
  return options.bootstrapServer
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
}

/** A client for one command: a tool should say "unreachable" within seconds, not retry for half a minute. */
export function createClient(options: CommonOptions, clientId = CLI_CLIENT_ID): Client {
  return new Client({
    brokers: brokersOf(options),
    clientId,
    logLevel: 'nothing',
    connectionTimeout: 3000,
    requestTimeout: 15_000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
  });
}

/** Runs `fn` with a connected admin client, disconnecting afterwards whatever happens. */
export async function withAdmin<T>(options: CommonOptions, fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = createClient(options).admin();
  try {
    await admin.connect();
    return await fn(admin);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/** Wraps a command action: a failure becomes `minibroker: <one line>` on stderr and exit code 1 (or the CliError's). */
export function action<O extends Partial<CommonOptions>>(run: (options: O, command: Command) => Promise<void>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const options = command.opts<O>();
    try {
      await run(options, command);
    } catch (error) {
      // Commands that talk only to the schema registry have no broker address.
      const brokers =
        options.bootstrapServer === undefined ? [] : brokersOf({ bootstrapServer: options.bootstrapServer });
      process.stderr.write(`minibroker: ${describeFailure(error, brokers)}\n`);
      process.exitCode = (error as { exitCode?: number }).exitCode ?? 1;
    }
  };
}
