// DescribeConfigs: a topic's configs as set at creation (what KafkaJS's admin reads back); a
// broker resource answers with no configs. Other resource types are refused.
import { ErrorCode } from '../../protocol/errors.js';
import type {
  DescribeConfigsRequest,
  DescribeConfigsRequestDescribeConfigsResource,
  DescribeConfigsResponse,
  DescribeConfigsResponseDescribeConfigsResult,
} from '../../protocol/kafka/generated/index.js';
import type { KafkaHandler } from './context.js';
import type { HandlerContext } from '../handlers/context.js';

const TOPIC = 2;
const BROKER = 4;
/** Kafka's config source for a value set on the topic. */
const TOPIC_CONFIG_SOURCE = 1;
/** Kafka's config type STRING: we keep every value as text. */
const STRING_CONFIG = 2;

function describe(
  resource: DescribeConfigsRequestDescribeConfigsResource,
  { services }: HandlerContext,
): DescribeConfigsResponseDescribeConfigsResult {
  const result = (errorCode: number, errorMessage: string | null, configs: [string, string][] = []) => ({
    errorCode,
    errorMessage,
    resourceType: resource.resourceType,
    resourceName: resource.resourceName,
    configs: configs.map(([name, value]) => ({
      name,
      value,
      readOnly: false,
      isDefault: false,
      configSource: TOPIC_CONFIG_SOURCE,
      isSensitive: false,
      synonyms: [],
      configType: STRING_CONFIG,
      documentation: null,
    })),
  });
  if (resource.resourceType === BROKER) return result(0, null);
  if (resource.resourceType !== TOPIC)
    return result(ErrorCode.INVALID_REQUEST, `resource type ${resource.resourceType} is not supported`);
  const topic = services.topics.get(resource.resourceName);
  if (!topic) return result(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `unknown topic ${resource.resourceName}`);
  const wanted = resource.configurationKeys === null ? null : new Set(resource.configurationKeys);
  const configs = Object.entries(topic.configs).filter(([name]) => wanted === null || wanted.has(name));
  return result(0, null, configs);
}

export const kafkaDescribeConfigs: KafkaHandler<DescribeConfigsRequest, DescribeConfigsResponse> = (
  request,
  _version,
  context,
) => ({ throttleTimeMs: 0, results: request.resources.map((r) => describe(r, context)) });
