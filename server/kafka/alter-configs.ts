// AlterConfigs (every config of a resource replaced) and IncrementalAlterConfigs (each listed
// config set, deleted, appended to or subtracted from), as the native handlers apply them to
// topics; broker configs are read-only there and here.
import type {
  AlterConfigsRequest,
  AlterConfigsResponse,
  IncrementalAlterConfigsRequest,
  IncrementalAlterConfigsResponse,
} from '../../protocol/kafka/generated/index.js';
import type { AlterConfigsResult } from '../../protocol/messages.js';
import { nativeHandler, type KafkaHandler } from './context.js';

/** Kafka's IncrementalAlterConfigs operation "set"; AlterConfigs has no operations. */
const SET = 0;

const toKafka = (results: readonly AlterConfigsResult[] | undefined) =>
  (results ?? []).map((r) => ({
    errorCode: r.errorCode,
    errorMessage: r.errorMessage === '' ? null : r.errorMessage,
    resourceType: r.resourceType,
    resourceName: r.resourceName,
  }));

export const kafkaAlterConfigs: KafkaHandler<AlterConfigsRequest, AlterConfigsResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await nativeHandler(context, 'AlterConfigs')(
    {
      resources: request.resources.map((r) => ({
        resourceType: r.resourceType,
        resourceName: r.resourceName,
        configs: r.configs.map((c) => ({ name: c.name, value: c.value ?? undefined, operation: SET })),
      })),
      validateOnly: request.validateOnly,
    },
    context,
  );
  return { throttleTimeMs: 0, responses: toKafka(native?.results) };
};

export const kafkaIncrementalAlterConfigs: KafkaHandler<
  IncrementalAlterConfigsRequest,
  IncrementalAlterConfigsResponse
> = async (request, _version, context) => {
  const native = await nativeHandler(context, 'IncrementalAlterConfigs')(
    {
      resources: request.resources.map((r) => ({
        resourceType: r.resourceType,
        resourceName: r.resourceName,
        configs: r.configs.map((c) => ({ name: c.name, value: c.value ?? undefined, operation: c.configOperation })),
      })),
      validateOnly: request.validateOnly,
    },
    context,
  );
  return { throttleTimeMs: 0, responses: toKafka(native?.results) };
};
