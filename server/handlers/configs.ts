// DescribeConfigs, AlterConfigs and IncrementalAlterConfigs: topic configs are read and written;
// the broker's own settings are described read-only (they come from its start-up options).
import { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import type {
  AlterableConfig,
  AlterConfigsResource,
  AlterConfigsResult,
  ConfigEntry,
} from '../../protocol/messages.js';
import type { BrokerServices } from '../broker-services.js';
import { describeTopicConfigs, type TopicConfigDefaults } from '../core/topic-configs.js';
import type { Logger } from '../logger.js';
import type { Handler } from './context.js';
import { itemError } from './error-code.js';

/** Kafka's ConfigResource types. */
export const RESOURCE_TOPIC = 2;
export const RESOURCE_BROKER = 4;

const OP_SET = 0;
const OP_DELETE = 1;

const defaultsOf = ({ config }: BrokerServices): TopicConfigDefaults => ({
  retentionMs: config.retentionMs,
  retentionBytes: config.retentionBytes,
  maxBatchBytes: config.maxBatchBytes,
});

const unknownType = (type: number) =>
  new ProtocolError(ErrorCode.INVALID_REQUEST, `unsupported config resource type ${type} (2 topic, 4 broker)`);

export const handleDescribeConfigs: Handler<'DescribeConfigs'> = (request, { services, log }) => ({
  results: request.resources.map(({ resourceType, resourceName, configNames }) => {
    const base = { resourceType, resourceName };
    try {
      return {
        ...base,
        errorCode: 0,
        errorMessage: '',
        configs: describe(services, resourceType, resourceName, configNames),
      };
    } catch (err) {
      return { ...base, ...itemError(err, log, { resourceType, resourceName }), configs: [] };
    }
  }),
});

function describe(services: BrokerServices, type: number, name: string, names: string[]): ConfigEntry[] {
  const defaults = defaultsOf(services);
  if (type === RESOURCE_TOPIC) {
    const topic = services.topics.get(name);
    if (!topic) throw new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic ${name}`);
    return describeTopicConfigs(topic.configs, defaults, names).map((c) => ({ ...c, readOnly: false }));
  }
  if (type === RESOURCE_BROKER) {
    // The broker-wide defaults topics fall back to, under Kafka's broker config names.
    const entries: [string, number][] = [
      ['log.retention.ms', defaults.retentionMs],
      ['log.retention.bytes', defaults.retentionBytes],
      ['message.max.bytes', defaults.maxBatchBytes],
      ['num.partitions', services.config.defaultPartitions],
    ];
    return entries
      .filter(([n]) => names.length === 0 || names.includes(n))
      .map(([n, value]) => ({ name: n, value: String(value), readOnly: true, isDefault: false, source: 4 }));
  }
  throw unknownType(type);
}

export const handleAlterConfigs: Handler<'AlterConfigs'> = (request, { services, log }) => ({
  results: request.resources.map((resource) =>
    alter(services, log, resource, request.validateOnly, (_current, configs) => replaceAll(configs)),
  ),
});

export const handleIncrementalAlterConfigs: Handler<'IncrementalAlterConfigs'> = (request, { services, log }) => ({
  results: request.resources.map((resource) =>
    alter(services, log, resource, request.validateOnly, (current, configs) => applyOperations(current, configs)),
  ),
});

function alter(
  services: BrokerServices,
  log: Logger,
  { resourceType, resourceName, configs }: AlterConfigsResource,
  validateOnly: boolean,
  next: (current: Readonly<Record<string, string>>, configs: AlterableConfig[]) => Record<string, string>,
): AlterConfigsResult {
  const base = { resourceType, resourceName };
  try {
    if (resourceType === RESOURCE_BROKER)
      throw new ProtocolError(
        ErrorCode.INVALID_REQUEST,
        'broker configs are read-only: set them when starting the broker',
      );
    if (resourceType !== RESOURCE_TOPIC) throw unknownType(resourceType);
    const topic = services.topics.get(resourceName);
    if (!topic) throw new ProtocolError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic ${resourceName}`);
    services.topics.setConfigs(resourceName, next(topic.configs, configs), validateOnly);
    return { ...base, errorCode: 0, errorMessage: '' };
  } catch (err) {
    return { ...base, ...itemError(err, log, { resourceType, resourceName }) };
  }
}

function replaceAll(configs: AlterableConfig[]): Record<string, string> {
  // Null prototype: names come from the network, and `__proto__` must be an ordinary (refused) key.
  const out = Object.create(null) as Record<string, string>;
  const seen = new Set<string>();
  for (const { name, value } of configs) {
    if (seen.has(name)) throw new ProtocolError(ErrorCode.INVALID_REQUEST, `config ${name} is listed twice`);
    seen.add(name);
    if (value != null) out[name] = value;
  }
  return out;
}

function applyOperations(
  current: Readonly<Record<string, string>>,
  configs: AlterableConfig[],
): Record<string, string> {
  const out = Object.assign(Object.create(null) as Record<string, string>, current);
  const seen = new Set<string>();
  for (const { name, value, operation } of configs) {
    if (seen.has(name)) throw new ProtocolError(ErrorCode.INVALID_REQUEST, `config ${name} is listed twice`);
    seen.add(name);
    if (operation === OP_SET) {
      if (value == null) throw new ProtocolError(ErrorCode.INVALID_REQUEST, `config ${name}: SET needs a value`);
      out[name] = value;
    } else if (operation === OP_DELETE) {
      delete out[name];
    } else {
      // APPEND and SUBTRACT apply to list configs; the only list topic config, cleanup.policy, takes one value here.
      throw new ProtocolError(
        ErrorCode.INVALID_CONFIG,
        `config ${name}: operation ${operation} is not supported (0 SET and 1 DELETE are)`,
      );
    }
  }
  return out;
}
