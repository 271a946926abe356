// The admin client's config calls, in KafkaJS's shapes: describeConfigs, alterConfigs (replaces
// a resource's whole set, as Kafka's AlterConfigs), and incrementalAlterConfigs (KIP-339).
import { MinibrokerAggregateError, MinibrokerInvalidArgumentError, MinibrokerProtocolError } from '../errors.js';
import type { Cluster } from '../network/cluster.js';

/** Kafka's config resource types (KafkaJS's ConfigResourceTypes). */
export const ConfigResourceTypes = { UNKNOWN: 0, TOPIC: 2, BROKER: 4, BROKER_LOGGER: 8 } as const;
/** Kafka's config sources (KafkaJS's ConfigSource). */
export const ConfigSource = {
  UNKNOWN: 0,
  TOPIC_CONFIG: 1,
  DYNAMIC_BROKER_CONFIG: 2,
  DYNAMIC_DEFAULT_BROKER_CONFIG: 3,
  STATIC_BROKER_CONFIG: 4,
  DEFAULT_CONFIG: 5,
  DYNAMIC_BROKER_LOGGER_CONFIG: 6,
} as const;
/** incrementalAlterConfigs operations, as Kafka's AlterConfigOp. */
export const AlterConfigOperations = { SET: 0, DELETE: 1, APPEND: 2, SUBTRACT: 3 } as const;

export interface ConfigEntryDescription {
  configName: string;
  configValue: string;
  readOnly: boolean;
  isDefault: boolean;
  configSource: number;
  isSensitive: boolean;
  configSynonyms: never[];
}

export interface DescribeConfigsResult {
  resources: {
    resourceType: number;
    resourceName: string;
    errorCode: number;
    errorMessage: string;
    configEntries: ConfigEntryDescription[];
  }[];
  throttleTime: number;
}

export interface AlterConfigsResult {
  resources: { resourceType: number; resourceName: string; errorCode: number; errorMessage: string }[];
  throttleTime: number;
}

interface ResourceInput {
  type: number;
  name: string;
}

function checkResources<T extends ResourceInput>(what: string, resources: T[]): void {
  if (!Array.isArray(resources) || resources.length === 0)
    throw new MinibrokerInvalidArgumentError(`${what} needs a non-empty resources array`);
  for (const r of resources) {
    if (!r || !Number.isInteger(r.type) || typeof r.name !== 'string')
      throw new MinibrokerInvalidArgumentError(`${what}: each resource needs a numeric type and a name`);
  }
}

export async function describeConfigs(
  cluster: Cluster,
  { resources }: { resources: (ResourceInput & { configNames?: string[] })[]; includeSynonyms?: boolean },
): Promise<DescribeConfigsResult> {
  checkResources('describeConfigs', resources);
  const response = await cluster.retrier(async () =>
    (await cluster.anyConnection()).request('DescribeConfigs', {
      resources: resources.map((r) => ({
        resourceType: r.type,
        resourceName: r.name,
        configNames: r.configNames ?? [],
      })),
    }),
  );
  throwFailures('describeConfigs failed', response.results);
  return {
    resources: response.results.map((r) => ({
      resourceType: r.resourceType,
      resourceName: r.resourceName,
      errorCode: r.errorCode,
      errorMessage: r.errorMessage,
      configEntries: r.configs.map((c) => ({
        configName: c.name,
        configValue: c.value,
        readOnly: c.readOnly,
        isDefault: c.isDefault,
        configSource: c.source,
        isSensitive: false,
        configSynonyms: [],
      })),
    })),
    throttleTime: 0,
  };
}

type AlterResource = ResourceInput & { configEntries: { name: string; value?: string | null; operation?: number }[] };

export async function alterConfigs(
  cluster: Cluster,
  api: 'AlterConfigs' | 'IncrementalAlterConfigs',
  { resources, validateOnly = false }: { resources: AlterResource[]; validateOnly?: boolean },
): Promise<AlterConfigsResult> {
  const what = api === 'AlterConfigs' ? 'alterConfigs' : 'incrementalAlterConfigs';
  checkResources(what, resources);
  for (const r of resources) {
    if (!Array.isArray(r.configEntries))
      throw new MinibrokerInvalidArgumentError(`${what}: resource "${r.name}" needs a configEntries array`);
  }
  const request = {
    validateOnly,
    resources: resources.map((r) => ({
      resourceType: r.type,
      resourceName: r.name,
      configs: r.configEntries.map((c) => ({
        name: c.name,
        ...(c.value == null ? {} : { value: String(c.value) }),
        operation: c.operation ?? AlterConfigOperations.SET,
      })),
    })),
  };
  const response = await cluster.retrier(async () => (await cluster.anyConnection()).request(api, request));
  throwFailures(`${what} failed`, response.results);
  return { resources: response.results, throttleTime: 0 };
}

function throwFailures(what: string, results: { resourceName: string; errorCode: number; errorMessage: string }[]) {
  const errors = results
    .filter((r) => r.errorCode !== 0)
    .map((r) => new MinibrokerProtocolError(r.errorCode, `${r.resourceName}: ${r.errorMessage}`));
  if (errors.length === 1) throw errors[0]!;
  if (errors.length > 1) throw new MinibrokerAggregateError(what, errors);
}
