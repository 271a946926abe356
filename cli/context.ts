// What every client command shares: the broker address (--bootstrap-server, MINIBROKER_BROKERS,
// else 127.0.0.1:9092), --json, an SDK client tuned to fail fast, and the action wrapper that
// prints one clear line and sets the exit code on failure.
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Client, type Admin, type SaslOptions } from '../client-sdk/index.js';
import { CliError, describeFailure } from './errors.js';

export const DEFAULT_BOOTSTRAP = '127.0.0.1:9092';
export const CLI_CLIENT_ID = 'minibroker-cli';

export interface CommonOptions {
  bootstrapServer: string;
  json?: boolean;
  saslMechanism?: string;
  saslUsername?: string;
  tls?: boolean;
  tlsCa?: string;
}

/** Adds --bootstrap-server and --json to a leaf command. */
export function withCommonOptions(command: Command): Command {
  return command
    .option(
      '--bootstrap-server <host:port>',
      'broker address(es), comma-separated (env MINIBROKER_BROKERS)',
      process.env.MINIBROKER_BROKERS || DEFAULT_BOOTSTRAP,
    )
    .option('--json', 'print machine-readable JSON')
    .option(
      '--sasl-mechanism <mechanism>',
      'plain, scram-sha-256 or scram-sha-512 (env MINIBROKER_SASL_MECHANISM; the password comes from MINIBROKER_SASL_PASSWORD)',
      process.env.MINIBROKER_SASL_MECHANISM || undefined,
    )
    .option(
      '--sasl-username <name>',
      'SASL username (env MINIBROKER_SASL_USERNAME)',
      process.env.MINIBROKER_SASL_USERNAME || undefined,
    )
    .option('--tls', 'connect over TLS (trusting the system CAs, or --tls-ca)')
    .option(
      '--tls-ca <file>',
      'PEM CA bundle to trust; implies --tls (env MINIBROKER_CLIENT_TLS_CA)',
      process.env.MINIBROKER_CLIENT_TLS_CA || undefined,
    );
}

/** The SDK's `sasl` option from the flags; the password only from the environment, so it stays out of the process list. */
function saslOf(options: CommonOptions): SaslOptions | undefined {
  if (!options.saslMechanism && !options.saslUsername) return undefined;
  const password = process.env.MINIBROKER_SASL_PASSWORD;
  if (!options.saslMechanism || !options.saslUsername || !password)
    throw new CliError('SASL needs --sasl-mechanism, --sasl-username and the MINIBROKER_SASL_PASSWORD variable');
  return {
    mechanism: options.saslMechanism.toLowerCase() as SaslOptions['mechanism'],
    username: options.saslUsername,
    password,
  };
}

function sslOf(options: CommonOptions): boolean | { ca: Buffer[] } | undefined {
  if (options.tlsCa) {
    try {
      return { ca: [readFileSync(options.tlsCa)] };
    } catch (error) {
      throw new CliError(`cannot read --tls-ca ${options.tlsCa}: ${(error as Error).message}`);
    }
  }
  return options.tls ? true : undefined;
}

export function brokersOf(options: CommonOptions): string[] {
  return options.bootstrapServer
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
}

/** The SDK's sasl and ssl options from --sasl-* and --tls*. */
export function connectionSecurity(options: CommonOptions): { sasl?: SaslOptions; ssl?: boolean | { ca: Buffer[] } } {
  return { sasl: saslOf(options), ssl: sslOf(options) };
}

/** A client for one command: a tool should say "unreachable" within seconds, not retry for half a minute. */
export function createClient(options: CommonOptions, clientId = CLI_CLIENT_ID): Client {
  return new Client({
    brokers: brokersOf(options),
    clientId,
    ...connectionSecurity(options),
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
