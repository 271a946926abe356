// Every error the admin API answers, in one dictionary: a stable code, its HTTP status and what
// it means. Bodies are `{ error: { code, message, field? } }`; docs/admin.md lists every code.
import { ErrorCode, ProtocolError } from '../../protocol/errors.js';

export const adminErrors = {
  INVALID_REQUEST: [400, 'A parameter, query field or body field is missing or invalid (field names it)'],
  INVALID_TOPIC: [400, 'The topic name is invalid'],
  INVALID_PARTITIONS: [400, 'The partition count is invalid'],
  INVALID_CONFIG: [400, 'A topic config is unsupported or invalid'],
  OFFSET_OUT_OF_RANGE: [400, "The offset is outside the partition's log"],
  RECORD_TOO_LARGE: [400, 'The record is larger than the broker accepts (maxBatchBytes)'],
  UNAUTHENTICATED: [401, 'Credentials are required: HTTP Basic of a broker user, or the bearer admin token'],
  NOT_AUTHORIZED: [403, 'The ACLs do not allow this user that operation on that resource'],
  HOST_NOT_ALLOWED: [403, 'The Host header names another server (DNS rebinding guard); see --admin-allowed-hosts'],
  TOPIC_NOT_FOUND: [404, 'No such topic'],
  PARTITION_NOT_FOUND: [404, 'The topic has no such partition'],
  GROUP_NOT_FOUND: [404, 'No such consumer group'],
  TRANSACTION_NOT_FOUND: [404, 'No such transactional id'],
  ROUTE_NOT_FOUND: [404, 'No such route'],
  TOPIC_ALREADY_EXISTS: [409, 'The topic already exists'],
  GROUP_NOT_EMPTY: [409, 'The group has active members; stop them first'],
  COORDINATOR_NOT_AVAILABLE: [503, 'The group coordinator is not serving right now'],
  INTERNAL_ERROR: [500, 'The broker failed handling the request'],
} as const satisfies Record<string, readonly [number, string]>;

export type AdminErrorCode = keyof typeof adminErrors;

export class AdminError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: AdminErrorCode,
    message?: string,
    readonly field?: string,
  ) {
    super(message ?? adminErrors[code][1]);
    this.statusCode = adminErrors[code][0];
  }

  toJSON(): { error: { code: string; message: string; field?: string } } {
    return { error: { code: this.code, message: this.message, ...(this.field ? { field: this.field } : {}) } };
  }
}

/** The admin error for a core ProtocolError (topics registry); `field` names the body field at fault. */
export function fromProtocolError(err: unknown, field?: string): unknown {
  if (!(err instanceof ProtocolError)) return err;
  switch (err.code) {
    case ErrorCode.UNKNOWN_TOPIC_OR_PARTITION:
      return new AdminError('TOPIC_NOT_FOUND', err.message);
    case ErrorCode.TOPIC_ALREADY_EXISTS:
      return new AdminError('TOPIC_ALREADY_EXISTS', err.message);
    case ErrorCode.INVALID_TOPIC_EXCEPTION:
      return new AdminError('INVALID_TOPIC', err.message, 'topic');
    case ErrorCode.INVALID_PARTITIONS:
      return new AdminError('INVALID_PARTITIONS', err.message, field);
    case ErrorCode.INVALID_CONFIG:
      return new AdminError('INVALID_CONFIG', err.message, 'configs');
    case ErrorCode.OFFSET_OUT_OF_RANGE:
      return new AdminError('OFFSET_OUT_OF_RANGE', err.message, 'offset');
    case ErrorCode.MESSAGE_TOO_LARGE:
      return new AdminError('RECORD_TOO_LARGE', err.message, field);
    default:
      return err;
  }
}

/** The JSON schema of every error body. */
export const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
      required: ['code', 'message'],
    },
  },
  required: ['error'],
} as const;
