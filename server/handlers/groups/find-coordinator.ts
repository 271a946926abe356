// FindCoordinator: every shard lives on this broker, so the answer is our own address, or the
// owning shard's error. Group keys (0) and transactional ids (1) are served.
import {
  COORDINATOR_KEY_TYPE_GROUP,
  COORDINATOR_KEY_TYPE_TRANSACTION,
  type Coordinator,
} from '../../../protocol/messages.js';
import { ErrorCode, errorInfo } from '../../../protocol/errors.js';
import type { Handler } from '../context.js';

export const handleFindCoordinator: Handler<'FindCoordinator'> = (request, { services }) => {
  const { host, port } = services.advertisedAddress();
  const { nodeId } = services.config;
  const failed = (key: string, errorCode: number, errorMessage = errorInfo(errorCode).message): Coordinator => ({
    key,
    nodeId: -1,
    host: '',
    port: -1,
    errorCode,
    errorMessage,
  });
  return {
    coordinators: request.keys.map((key): Coordinator => {
      if (request.keyType === COORDINATOR_KEY_TYPE_TRANSACTION) {
        if (key === '') return failed(key, ErrorCode.INVALID_REQUEST, 'the transactional id is empty');
        return { key, nodeId, host, port, errorCode: ErrorCode.NONE, errorMessage: '' };
      }
      if (request.keyType !== COORDINATOR_KEY_TYPE_GROUP)
        return failed(
          key,
          ErrorCode.INVALID_REQUEST,
          `unsupported key type ${request.keyType} (0 = group, 1 = transaction)`,
        );
      const { errorCode } = services.coordinators.findCoordinator(key);
      if (errorCode !== ErrorCode.NONE) return failed(key, errorCode);
      return { key, nodeId, host, port, errorCode, errorMessage: '' };
    }),
  };
};
