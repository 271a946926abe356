import { ErrorCode } from '../../protocol/errors.js';

/**
 * PRODUCER_FENCED is newer than some request versions; a client speaking an older one knows a
 * fenced producer as INVALID_PRODUCER_EPOCH, which is what Kafka answers it.
 */
export function fencedAsKnownTo(errorCode: number, version: number, fencedSince: number): number {
  return errorCode === ErrorCode.PRODUCER_FENCED && version < fencedSince
    ? ErrorCode.INVALID_PRODUCER_EPOCH
    : errorCode;
}
