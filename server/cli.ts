#!/usr/bin/env node
// `minibroker start`: flags override MINIBROKER_* environment variables, which override the
// defaults. SIGINT/SIGTERM close the broker gracefully.
import { Command } from 'commander';
import { startBroker } from './broker.js';
import { configFromEnv, normalizeConfig, textOptionParsers, type BrokerConfig } from './config.js';
import { tuneBrokerHeap } from './heap-tuning.js';
import { createLogger } from './logger.js';
import type { UserSpec } from './security/user-store.js';
import { parseUsersVariable } from './security/users-file.js';

const flagToKey: Record<string, keyof BrokerConfig> = {
  port: 'port',
  httpPort: 'httpPort',
  host: 'host',
  advertisedHost: 'advertisedHost',
  dataDir: 'dataDir',
  memory: 'memory',
  logLevel: 'logLevel',
  defaultPartitions: 'defaultPartitions',
  autoCreateTopics: 'autoCreateTopics',
  maxFrameBytes: 'maxFrameBytes',
  maxConnections: 'maxConnections',
  maxConnectionsPerIp: 'maxConnectionsPerIp',
  connectionsMaxIdleMs: 'connectionsMaxIdleMs',
  frameReadTimeoutMs: 'frameReadTimeoutMs',
  maxResponseBytesPerConnection: 'maxResponseBytesPerConnection',
  maxRequestBytesPerConnection: 'maxRequestBytesPerConnection',
  usersFile: 'usersFile',
  superUsers: 'superUsers',
  tlsCert: 'tlsCert',
  tlsKey: 'tlsKey',
  tlsCa: 'tlsCa',
  adminToken: 'adminToken',
  adminAllowedHosts: 'adminAllowedHosts',
  insecure: 'insecure',
};

function configFromFlags(command: Command): Partial<BrokerConfig> {
  const values = command.opts<Record<string, unknown>>();
  const out: Record<string, unknown> = {};
  for (const [flag, key] of Object.entries(flagToKey)) {
    if (command.getOptionValueSource(flag) !== 'cli') continue;
    const value = values[flag];
    out[key] =
      typeof value === 'string'
        ? textOptionParsers[key]!(`--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, value)
        : value;
  }
  return out;
}

async function start(command: Command): Promise<void> {
  let config: Partial<BrokerConfig>;
  let users: UserSpec[];
  let logger;
  try {
    config = { memory: false, logLevel: 'info', httpPort: 8080, ...configFromEnv(), ...configFromFlags(command) };
    users = process.env.MINIBROKER_USERS ? parseUsersVariable(process.env.MINIBROKER_USERS) : [];
    logger = createLogger(normalizeConfig(config).logLevel);
  } catch (err) {
    process.stderr.write(`minibroker: ${(err as Error).message}\n`);
    process.exit(1);
  }
  tuneBrokerHeap();
  let broker;
  try {
    broker = await startBroker({ ...config, users, logger });
  } catch (err) {
    process.stderr.write(`minibroker: ${(err as Error).message}\n`);
    process.exit(1);
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal; exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    broker.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Logged only once the signal handlers are in place: whoever waits for this line may stop us.
  const where = broker.config.memory ? 'in memory' : `data in ${broker.config.dataDir}`;
  const admin = broker.adminUrl ? `, admin API and console on ${broker.adminUrl}` : '';
  logger.info(
    {
      address: `${broker.host}:${broker.port}`,
      dataDir: broker.config.memory ? null : broker.config.dataDir,
      adminUrl: broker.adminUrl ?? null,
    },
    `minibroker listening on ${broker.host}:${broker.port}, ${where}${admin}`,
  );
}

const program = new Command('minibroker').description('A small Kafka-like message broker');
program
  .command('start')
  .description('start a broker')
  .option('-p, --port <port>', 'TCP port to listen on (0 = any free port)')
  .option(
    '--http-port <port>',
    'admin HTTP API, metrics and web console port (0 = any free port, "off" = none; default 8080)',
  )
  .option('--host <host>', 'address to listen on')
  .option(
    '--advertised-host <host>',
    'host clients are told to connect to (default: --host, or the hostname on 0.0.0.0)',
  )
  .option('--data-dir <dir>', 'folder for the SQLite database')
  .option('--memory', 'keep everything in memory (nothing survives a restart)')
  .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent')
  .option('--default-partitions <n>', 'partitions of auto-created topics')
  .option('--no-auto-create-topics', 'refuse produce and metadata for unknown topics')
  .option('--max-frame-bytes <n>', 'largest request frame accepted (default 104857600)')
  .option('--max-connections <n>', 'most open client connections (default 10000)')
  .option('--max-connections-per-ip <n>', 'most open connections from one client address (default unlimited)')
  .option('--connections-max-idle-ms <ms>', 'close connections idle this long (default 600000)')
  .option(
    '--frame-read-timeout-ms <ms>',
    'close a connection whose request frame is not complete this long after its first byte (default 30000)',
  )
  .option(
    '--max-response-bytes-per-connection <n>',
    'response bytes queued or being prepared per connection before its requests wait (default 16777216)',
  )
  .option(
    '--max-request-bytes-per-connection <n>',
    'request bytes in flight per connection before its next request waits (default 33554432)',
  )
  .option(
    '--users-file <file>',
    'username:password lines; with users, clients must authenticate (SASL) (env MINIBROKER_USERS_FILE; inline: MINIBROKER_USERS)',
  )
  .option('--super-users <names>', 'comma-separated users whom ACLs do not restrict (env MINIBROKER_SUPER_USERS)')
  .option('--tls-cert <file>', 'PEM certificate chain: the broker port and the admin HTTP server speak TLS')
  .option('--tls-key <file>', 'PEM private key of --tls-cert')
  .option('--tls-ca <file>', 'PEM CA bundle: clients must present a certificate it signed')
  .option('--admin-token <token>', 'bearer token the admin HTTP API accepts besides users (at least 16 characters)')
  .option(
    '--admin-allowed-hosts <hosts>',
    'comma-separated Host header values the admin HTTP API accepts besides the bound address and localhost',
  )
  .option('--insecure', 'allow listening on a non-loopback address without users')
  .action((_options, command: Command) => start(command));

await program.parseAsync(process.argv);
