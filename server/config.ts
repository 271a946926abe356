// The broker's one configuration object: typed defaults, validation with messages that name the
// bad field, and the MINIBROKER_* environment variables that map onto it.
import { DEFAULT_MAX_FRAME_BYTES } from '../protocol/framing.js';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

export interface BrokerConfig {
  host: string;
  /** The host clients are told to connect to (Metadata, FindCoordinator); null: `host`, or the
   *  machine's hostname when listening on a wildcard address. */
  advertisedHost: string | null;
  /** 0 picks a free port. */
  port: number;
  /** The admin HTTP API, metrics and web console (on `host`): a port (0 = free) or false for none. */
  httpPort: number | false;
  dataDir: string;
  /** Keep everything in memory (SQLite :memory:); dataDir is then unused. */
  memory: boolean;
  logLevel: LogLevel;
  autoCreateTopics: boolean;
  defaultPartitions: number;
  /** Largest request frame accepted, as Kafka's socket.request.max.bytes. */
  maxFrameBytes: number;
  /** Most open client connections, as Kafka's max.connections; more are refused. */
  maxConnections: number;
  /** Most open connections from one client address, as Kafka's max.connections.per.ip. */
  maxConnectionsPerIp: number;
  /** A connection with no traffic and no request in flight for this long is closed (Kafka's connections.max.idle.ms). */
  connectionsMaxIdleMs: number;
  /** A request frame must arrive in full within this long of its first byte, else the connection is closed. */
  frameReadTimeoutMs: number;
  /** Per connection: bytes of responses queued to send or being prepared (Fetch reads) before the
   *  broker stops starting that connection's requests until they drain. Also caps one Fetch
   *  response; 16 MiB keeps a never-reading client's cost near one large Fetch. */
  maxResponseBytesPerConnection: number;
  /** Per connection: bytes of request frames in flight before the next request waits (and reading
   *  pauses); one request always fits. Kafka bounds the same broker-wide (queued.max.request.bytes). */
  maxRequestBytesPerConnection: number;
  /** Most partitions of all topics together (Kafka's max.broker.partitions, KIP-578); each topic also has at most MAX_PARTITIONS. */
  maxBrokerPartitions: number;
  /**
   * Most repeated-field elements and embedded messages one request may hold in total, counted
   * on its bytes before decoding: bounds what decoding allocates (INVALID_REQUEST above it).
   */
  maxRequestElements: number;
  /** Largest record batch accepted, as Kafka's message.max.bytes. */
  maxBatchBytes: number;
  /** Default topic retention by time; -1 keeps records forever. */
  retentionMs: number;
  /** Default topic retention by size per partition; -1 is unlimited. */
  retentionBytes: number;
  retentionCheckIntervalMs: number;
  fetchMaxBytes: number;
  fetchPartitionMaxBytes: number;
  /** Longest a Fetch may park; larger maxWaitMs values are capped to it. */
  fetchMaxWaitMs: number;
  nodeId: number;
  maxInFlightPerConnection: number;
  /** How often written data is checkpointed from the WAL into the database file. */
  checkpointIntervalMs: number;
  /** WAL size from which a checkpoint briefly holds writes back so the WAL starts over (bounds it under steady writes).
   *  Bursts rarely reach it: the WAL starts over by itself once a checkpoint catches up. At 64 MiB the
   *  hold-backs cost ~12% of produce throughput in the 1M-record benchmark; at 512 MiB none happen there. */
  walMaxBytes: number;
  // Consumer groups (Kafka's names; see server/groups/group-config.ts).
  /** KIP-134 wait before the first generation of an empty group; 0 assigns at once (Kafka: 3000). */
  groupInitialRebalanceDelayMs: number;
  /** Session timeouts a member may ask for; the minimum suits a dev broker (Kafka: 6000). */
  groupMinSessionTimeoutMs: number;
  groupMaxSessionTimeoutMs: number;
  /** Most members one group may have, KIP-394 pending members included (Kafka's group.max.size). */
  groupMaxSize: number;
  /** Most groups the broker holds (groups with committed offsets count until they expire or are deleted). */
  maxBrokerGroups: number;
  /** Most members and KIP-394 pending members of all groups together. */
  maxBrokerGroupMembers: number;
  /** How long an empty group keeps its committed offsets. */
  offsetsRetentionMs: number;
  offsetsRetentionCheckIntervalMs: number;
  /** Shards groups hash onto, as Kafka's offsets.topic.num.partitions. */
  coordinatorShards: number;
  /** Longest committed-offset metadata, in UTF-16 code units. */
  offsetMetadataMaxBytes: number;
  /** An idempotent producer's sequence state is forgotten after this long without writes (Kafka's producer.id.expiration.ms). */
  producerIdExpirationMs: number;
  /** Longest transaction timeout a producer may ask for (Kafka's transaction.max.timeout.ms). */
  transactionMaxTimeoutMs: number;
  /** Transactional ids the coordinator holds; a new one past it gets POLICY_VIOLATION. */
  maxBrokerTransactionalIds: number;
  /** How often transactions past their timeout are aborted and expired producer state dropped. */
  transactionTimeoutCheckIntervalMs: number;
  // Security (docs/security.md).
  /** A file of `username:password` lines; with any users, every connection must authenticate (SASL). */
  usersFile: string | null;
  /** Users (alice or User:alice) whom ACLs do not restrict. */
  superUsers: string[];
  /** Delay before answering a failed SASL attempt (Kafka's connection.failed.authentication.delay.ms). */
  saslFailureDelayMs: number;
  /** A connection that must authenticate and has not this long after opening is closed. */
  saslAuthenticationTimeoutMs: number;
  /** PEM certificate chain and private key: the broker port and the admin HTTP server speak TLS. */
  tlsCert: string | null;
  tlsKey: string | null;
  /** PEM CA bundle: clients must present a certificate it signed. */
  tlsCa: string | null;
  /** A bearer token the admin HTTP API accepts besides users' Basic credentials. */
  adminToken: string | null;
  /** Host header values the admin HTTP API accepts besides the bound address and the loopback names. */
  adminAllowedHosts: string[];
  /** Allows listening on a non-loopback address without users. */
  insecure: boolean;
  // Admin server.
  /** How often the admin server samples each group's total lag for the console's chart. */
  lagHistoryIntervalMs: number;
  /** Lag samples kept per group (a ring: the oldest goes first). */
  lagHistorySamples: number;
}

export const MAX_PARTITIONS = 10_000;

export const DEFAULT_CONFIG: Readonly<BrokerConfig> = Object.freeze({
  host: '127.0.0.1',
  advertisedHost: null,
  port: 9092,
  httpPort: false,
  dataDir: './data',
  memory: false,
  logLevel: 'info',
  autoCreateTopics: true,
  defaultPartitions: 1,
  maxBrokerPartitions: 100_000,
  maxFrameBytes: DEFAULT_MAX_FRAME_BYTES,
  maxConnections: 10_000,
  maxConnectionsPerIp: 2 ** 31 - 1,
  connectionsMaxIdleMs: 600_000,
  frameReadTimeoutMs: 30_000,
  maxResponseBytesPerConnection: 16 * 1024 * 1024,
  maxRequestBytesPerConnection: 32 * 1024 * 1024,
  // Room for one request naming every partition the broker may hold (maxBrokerPartitions).
  maxRequestElements: 200_000,
  maxBatchBytes: 1_048_588,
  retentionMs: 7 * 24 * 60 * 60 * 1000,
  retentionBytes: -1,
  retentionCheckIntervalMs: 300_000,
  fetchMaxBytes: 50 * 1024 * 1024,
  fetchPartitionMaxBytes: 1024 * 1024,
  fetchMaxWaitMs: 300_000,
  nodeId: 0,
  maxInFlightPerConnection: 1000,
  checkpointIntervalMs: 1000,
  walMaxBytes: 512 * 1024 * 1024,
  groupInitialRebalanceDelayMs: 0,
  groupMinSessionTimeoutMs: 100,
  groupMaxSessionTimeoutMs: 1_800_000,
  // Kafka leaves group.max.size unbounded; a bound here keeps one client from filling memory.
  groupMaxSize: 1000,
  maxBrokerGroups: 10_000,
  maxBrokerGroupMembers: 100_000,
  offsetsRetentionMs: 7 * 24 * 60 * 60 * 1000,
  offsetsRetentionCheckIntervalMs: 600_000,
  coordinatorShards: 50,
  offsetMetadataMaxBytes: 4096,
  producerIdExpirationMs: 24 * 60 * 60 * 1000,
  transactionMaxTimeoutMs: 900_000,
  maxBrokerTransactionalIds: 10_000,
  transactionTimeoutCheckIntervalMs: 10_000,
  usersFile: null,
  superUsers: [],
  saslFailureDelayMs: 100,
  saslAuthenticationTimeoutMs: 10_000,
  tlsCert: null,
  tlsKey: null,
  tlsCa: null,
  adminToken: null,
  adminAllowedHosts: [],
  insecure: false,
  // 120 samples 5 s apart: the last 10 minutes.
  lagHistoryIntervalMs: 5000,
  lagHistorySamples: 120,
});

type Check = (value: unknown) => string | undefined;

const int =
  (min: number, max = Number.MAX_SAFE_INTEGER): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max
      ? undefined
      : `must be an integer from ${min} to ${max}`;
const retention: Check = (v) =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= -1
    ? undefined
    : 'must be -1 (unlimited) or a non-negative integer';
const bool: Check = (v) => (typeof v === 'boolean' ? undefined : 'must be true or false');
const text: Check = (v) => (typeof v === 'string' && v.length > 0 ? undefined : 'must be a non-empty string');
const portOrOff: Check = (v) =>
  v === false ? undefined : int(0, 65535)(v) && 'must be false (none) or an integer from 0 to 65535';
const textOrNull: Check = (v) => (v === null ? undefined : text(v) && 'must be a non-empty string or null');
const textList: Check = (v) =>
  Array.isArray(v) && v.every((h) => typeof h === 'string' && h.length > 0)
    ? undefined
    : 'must be a list of non-empty strings';
const level: Check = (v) =>
  LOG_LEVELS.includes(v as LogLevel) ? undefined : `must be one of ${LOG_LEVELS.join(', ')}`;

const checks: { [K in keyof BrokerConfig]: Check } = {
  host: text,
  advertisedHost: textOrNull,
  port: int(0, 65535),
  httpPort: portOrOff,
  dataDir: text,
  memory: bool,
  logLevel: level,
  autoCreateTopics: bool,
  defaultPartitions: int(1, MAX_PARTITIONS),
  maxBrokerPartitions: int(1, 2 ** 31 - 1),
  maxFrameBytes: int(1024, 2 ** 31 - 1),
  maxConnections: int(1, 2 ** 31 - 1),
  maxConnectionsPerIp: int(1, 2 ** 31 - 1),
  connectionsMaxIdleMs: int(10, 2 ** 31 - 1),
  frameReadTimeoutMs: int(10, 2 ** 31 - 1),
  maxResponseBytesPerConnection: int(1024, 2 ** 31 - 1),
  maxRequestBytesPerConnection: int(1024, 2 ** 31 - 1),
  maxRequestElements: int(1, 2 ** 31 - 1),
  maxBatchBytes: int(61, 2 ** 31 - 1),
  retentionMs: retention,
  retentionBytes: retention,
  retentionCheckIntervalMs: int(10, 2 ** 31 - 1),
  fetchMaxBytes: int(1, 2 ** 31 - 1),
  fetchPartitionMaxBytes: int(1, 2 ** 31 - 1),
  fetchMaxWaitMs: int(0, 2 ** 31 - 1),
  nodeId: int(0, 2 ** 31 - 1),
  maxInFlightPerConnection: int(1, 1_000_000),
  checkpointIntervalMs: int(10, 2 ** 31 - 1),
  walMaxBytes: int(1024 * 1024),
  // Timer delays stay within setTimeout's 2^31 - 1 ms.
  groupInitialRebalanceDelayMs: int(0, 2 ** 31 - 1),
  groupMinSessionTimeoutMs: int(1, 2 ** 31 - 1),
  groupMaxSessionTimeoutMs: int(1, 2 ** 31 - 1),
  groupMaxSize: int(1, 2 ** 31 - 1),
  maxBrokerGroups: int(1, 2 ** 31 - 1),
  maxBrokerGroupMembers: int(1, 2 ** 31 - 1),
  offsetsRetentionMs: int(1),
  offsetsRetentionCheckIntervalMs: int(10, 2 ** 31 - 1),
  coordinatorShards: int(1, 10_000),
  offsetMetadataMaxBytes: int(0, 2 ** 31 - 1),
  producerIdExpirationMs: int(1),
  transactionMaxTimeoutMs: int(1, 2 ** 31 - 1),
  maxBrokerTransactionalIds: int(1, 2 ** 31 - 1),
  transactionTimeoutCheckIntervalMs: int(10, 2 ** 31 - 1),
  usersFile: textOrNull,
  saslFailureDelayMs: int(0, 60_000),
  saslAuthenticationTimeoutMs: int(10, 2 ** 31 - 1),
  tlsCert: textOrNull,
  tlsKey: textOrNull,
  tlsCa: textOrNull,
  adminToken: (v) =>
    v === null || (typeof v === 'string' && v.length >= 16) ? undefined : 'must be null or at least 16 characters',
  adminAllowedHosts: textList,
  superUsers: textList,
  insecure: bool,
  lagHistoryIntervalMs: int(10, 2 ** 31 - 1),
  lagHistorySamples: int(1, 100_000),
};

/** Fills defaults and validates; throws an Error naming the first bad field. */
export function normalizeConfig(partial: Partial<BrokerConfig> = {}): BrokerConfig {
  for (const key of Object.keys(partial)) {
    if (!(key in checks)) throw new Error(`invalid broker config: unknown option "${key}"`);
  }
  const defined = Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
  const config = { ...DEFAULT_CONFIG, ...defined };
  for (const key of Object.keys(checks) as (keyof BrokerConfig)[]) {
    const problem = checks[key](config[key]);
    if (problem) throw new Error(`invalid broker config: ${key} ${problem} (got ${JSON.stringify(config[key])})`);
  }
  if ((config.tlsCert === null) !== (config.tlsKey === null))
    throw new Error('invalid broker config: tlsCert and tlsKey go together');
  if (config.tlsCa !== null && config.tlsCert === null)
    throw new Error('invalid broker config: tlsCa (client certificates) needs tlsCert and tlsKey');
  if (config.groupMinSessionTimeoutMs > config.groupMaxSessionTimeoutMs) {
    throw new Error(
      `invalid broker config: groupMinSessionTimeoutMs (${config.groupMinSessionTimeoutMs}) must not exceed groupMaxSessionTimeoutMs (${config.groupMaxSessionTimeoutMs})`,
    );
  }
  return config;
}

function parseInteger(name: string, raw: string): number {
  const value = Number(raw.trim());
  if (raw.trim() === '' || !Number.isInteger(value))
    throw new Error(`invalid broker config: ${name} must be an integer (got "${raw}")`);
  return value;
}

export function parseBoolean(name: string, raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new Error(`invalid broker config: ${name} must be true or false (got "${raw}")`);
}

function commaList(raw: string): string[] {
  return raw
    .split(',')
    .map((h) => h.trim())
    .filter((h) => h !== '');
}

/** Parsers for the options settable from text (environment and CLI), by config key. */
export const textOptionParsers: Partial<Record<keyof BrokerConfig, (name: string, raw: string) => unknown>> = {
  port: parseInteger,
  httpPort: (name, raw) =>
    ['false', 'off', 'none'].includes(raw.trim().toLowerCase()) ? false : parseInteger(name, raw),
  host: (_name, raw) => raw,
  advertisedHost: (_name, raw) => raw,
  dataDir: (_name, raw) => raw,
  memory: parseBoolean,
  logLevel: (_name, raw) => raw.trim().toLowerCase(),
  defaultPartitions: parseInteger,
  autoCreateTopics: parseBoolean,
  maxFrameBytes: parseInteger,
  maxConnections: parseInteger,
  maxConnectionsPerIp: parseInteger,
  connectionsMaxIdleMs: parseInteger,
  frameReadTimeoutMs: parseInteger,
  maxResponseBytesPerConnection: parseInteger,
  maxRequestBytesPerConnection: parseInteger,
  maxRequestElements: parseInteger,
  maxBrokerPartitions: parseInteger,
  groupInitialRebalanceDelayMs: parseInteger,
  groupMinSessionTimeoutMs: parseInteger,
  groupMaxSessionTimeoutMs: parseInteger,
  groupMaxSize: parseInteger,
  maxBrokerGroups: parseInteger,
  maxBrokerGroupMembers: parseInteger,
  offsetsRetentionMs: parseInteger,
  offsetsRetentionCheckIntervalMs: parseInteger,
  coordinatorShards: parseInteger,
  offsetMetadataMaxBytes: parseInteger,
  producerIdExpirationMs: parseInteger,
  transactionMaxTimeoutMs: parseInteger,
  maxBrokerTransactionalIds: parseInteger,
  transactionTimeoutCheckIntervalMs: parseInteger,
  maxBatchBytes: parseInteger,
  walMaxBytes: parseInteger,
  usersFile: (_name, raw) => raw,
  saslFailureDelayMs: parseInteger,
  saslAuthenticationTimeoutMs: parseInteger,
  tlsCert: (_name, raw) => raw,
  tlsKey: (_name, raw) => raw,
  tlsCa: (_name, raw) => raw,
  adminToken: (_name, raw) => raw,
  adminAllowedHosts: (_name, raw) => commaList(raw),
  superUsers: (_name, raw) => commaList(raw),
  insecure: parseBoolean,
  lagHistoryIntervalMs: parseInteger,
  lagHistorySamples: parseInteger,
};

const envNames: Record<string, keyof BrokerConfig> = {
  MINIBROKER_PORT: 'port',
  MINIBROKER_HTTP_PORT: 'httpPort',
  MINIBROKER_HOST: 'host',
  MINIBROKER_ADVERTISED_HOST: 'advertisedHost',
  MINIBROKER_DATA_DIR: 'dataDir',
  MINIBROKER_MEMORY: 'memory',
  MINIBROKER_LOG_LEVEL: 'logLevel',
  MINIBROKER_DEFAULT_PARTITIONS: 'defaultPartitions',
  MINIBROKER_AUTO_CREATE_TOPICS: 'autoCreateTopics',
  MINIBROKER_MAX_FRAME_BYTES: 'maxFrameBytes',
  MINIBROKER_MAX_CONNECTIONS: 'maxConnections',
  MINIBROKER_MAX_CONNECTIONS_PER_IP: 'maxConnectionsPerIp',
  MINIBROKER_CONNECTIONS_MAX_IDLE_MS: 'connectionsMaxIdleMs',
  MINIBROKER_FRAME_READ_TIMEOUT_MS: 'frameReadTimeoutMs',
  MINIBROKER_MAX_RESPONSE_BYTES_PER_CONNECTION: 'maxResponseBytesPerConnection',
  MINIBROKER_MAX_REQUEST_BYTES_PER_CONNECTION: 'maxRequestBytesPerConnection',
  MINIBROKER_MAX_REQUEST_ELEMENTS: 'maxRequestElements',
  MINIBROKER_MAX_BROKER_PARTITIONS: 'maxBrokerPartitions',
  MINIBROKER_GROUP_INITIAL_REBALANCE_DELAY_MS: 'groupInitialRebalanceDelayMs',
  MINIBROKER_GROUP_MIN_SESSION_TIMEOUT_MS: 'groupMinSessionTimeoutMs',
  MINIBROKER_GROUP_MAX_SESSION_TIMEOUT_MS: 'groupMaxSessionTimeoutMs',
  MINIBROKER_GROUP_MAX_SIZE: 'groupMaxSize',
  MINIBROKER_MAX_BROKER_GROUPS: 'maxBrokerGroups',
  MINIBROKER_MAX_BROKER_GROUP_MEMBERS: 'maxBrokerGroupMembers',
  MINIBROKER_OFFSETS_RETENTION_MS: 'offsetsRetentionMs',
  MINIBROKER_OFFSETS_RETENTION_CHECK_INTERVAL_MS: 'offsetsRetentionCheckIntervalMs',
  MINIBROKER_COORDINATOR_SHARDS: 'coordinatorShards',
  MINIBROKER_OFFSET_METADATA_MAX_BYTES: 'offsetMetadataMaxBytes',
  MINIBROKER_PRODUCER_ID_EXPIRATION_MS: 'producerIdExpirationMs',
  MINIBROKER_TRANSACTION_MAX_TIMEOUT_MS: 'transactionMaxTimeoutMs',
  MINIBROKER_MAX_BROKER_TRANSACTIONAL_IDS: 'maxBrokerTransactionalIds',
  MINIBROKER_TRANSACTION_TIMEOUT_CHECK_INTERVAL_MS: 'transactionTimeoutCheckIntervalMs',
  MINIBROKER_MAX_BATCH_BYTES: 'maxBatchBytes',
  MINIBROKER_WAL_MAX_BYTES: 'walMaxBytes',
  MINIBROKER_USERS_FILE: 'usersFile',
  MINIBROKER_SUPER_USERS: 'superUsers',
  MINIBROKER_SASL_FAILURE_DELAY_MS: 'saslFailureDelayMs',
  MINIBROKER_SASL_AUTHENTICATION_TIMEOUT_MS: 'saslAuthenticationTimeoutMs',
  MINIBROKER_TLS_CERT: 'tlsCert',
  MINIBROKER_TLS_KEY: 'tlsKey',
  MINIBROKER_TLS_CA: 'tlsCa',
  MINIBROKER_ADMIN_TOKEN: 'adminToken',
  MINIBROKER_ADMIN_ALLOWED_HOSTS: 'adminAllowedHosts',
  MINIBROKER_INSECURE: 'insecure',
  MINIBROKER_LAG_HISTORY_INTERVAL_MS: 'lagHistoryIntervalMs',
  MINIBROKER_LAG_HISTORY_SAMPLES: 'lagHistorySamples',
};

/** The config fields set by MINIBROKER_* variables; throws naming the bad variable. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<BrokerConfig> {
  const out: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(envNames)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    out[key] = textOptionParsers[key]!(name, raw);
  }
  return out;
}
