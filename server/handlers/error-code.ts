// Maps an error thrown by the core onto a wire error code; unexpected ones are logged.
import { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import type { Logger } from '../logger.js';

export interface ItemError {
  errorCode: number;
  errorMessage: string;
}

export function itemError(err: unknown, log: Logger, context: object): ItemError {
  if (err instanceof ProtocolError) return { errorCode: err.code, errorMessage: err.message };
  log.error({ err, ...context }, 'unexpected error handling a request item');
  return { errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, errorMessage: 'internal broker error' };
}
