// DescribeConfigs: topic configs (set and default) and the broker's own, as the native handler
// describes them. A null key list asks for every config.
import type { DescribeConfigsRequest, DescribeConfigsResponse } from '../../protocol/kafka/generated/index.js';
import { handleDescribeConfigs } from '../handlers/configs.js';
import type { KafkaHandler } from './context.js';

/** Kafka's config type UNKNOWN: values are described as text, without a declared type. */
const UNKNOWN_CONFIG_TYPE = 0;

export const kafkaDescribeConfigs: KafkaHandler<DescribeConfigsRequest, DescribeConfigsResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await handleDescribeConfigs(
    {
      resources: request.resources.map((r) => ({
        resourceType: r.resourceType,
        resourceName: r.resourceName,
        configNames: r.configurationKeys ?? [],
      })),
    },
    context,
  );
  return {
    throttleTimeMs: 0,
    results: (native?.results ?? []).map((r) => ({
      errorCode: r.errorCode,
      errorMessage: r.errorMessage === '' ? null : r.errorMessage,
      resourceType: r.resourceType,
      resourceName: r.resourceName,
      configs: r.configs.map((c) => ({
        name: c.name,
        value: c.value,
        readOnly: c.readOnly,
        isDefault: c.isDefault,
        configSource: c.source,
        isSensitive: false,
        synonyms: [],
        configType: UNKNOWN_CONFIG_TYPE,
        documentation: null,
      })),
    })),
  };
};
