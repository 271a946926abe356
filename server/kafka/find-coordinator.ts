// FindCoordinator: one key (v0-3) or a batch of keys (v4+); every coordinator is this broker.
import type { FindCoordinatorRequest, FindCoordinatorResponse } from '../../protocol/kafka/generated/index.js';
import { handleFindCoordinator } from '../handlers/groups/find-coordinator.js';
import type { KafkaHandler } from './context.js';

export const kafkaFindCoordinator: KafkaHandler<FindCoordinatorRequest, FindCoordinatorResponse> = async (
  request,
  version,
  context,
) => {
  const batched = version >= 4;
  const native = await handleFindCoordinator(
    { keyType: request.keyType, keys: batched ? request.coordinatorKeys : [request.key] },
    context,
  );
  const coordinators = (native?.coordinators ?? []).map((c) => ({
    ...c,
    errorMessage: c.errorMessage === '' ? null : c.errorMessage,
  }));
  const first = coordinators[0];
  return {
    throttleTimeMs: 0,
    errorCode: batched ? 0 : (first?.errorCode ?? 0),
    errorMessage: batched ? null : (first?.errorMessage ?? null),
    nodeId: first?.nodeId ?? -1,
    host: first?.host ?? '',
    port: first?.port ?? -1,
    coordinators: batched ? coordinators : [],
  };
};
