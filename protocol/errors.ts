// The one table of error codes. Numbers are Kafka's where the meaning is the same, so that a
// Kafka-speaking front end can reuse them untouched. `retriable` alone decides client retries.

export interface ErrorCodeInfo {
  readonly code: number;
  readonly name: string;
  readonly retriable: boolean;
  readonly message: string;
}

const table = {
  UNKNOWN_SERVER_ERROR: [-1, false, 'The broker hit an unexpected error while handling the request'],
  NONE: [0, false, 'No error'],
  OFFSET_OUT_OF_RANGE: [1, false, 'The requested offset is outside the range of offsets kept for the partition'],
  CORRUPT_MESSAGE: [2, true, 'The record batch failed its checksum or the checks of its records'],
  UNKNOWN_TOPIC_OR_PARTITION: [3, true, 'This broker does not host that topic or partition'],
  LEADER_NOT_AVAILABLE: [5, true, 'The partition has no leader right now'],
  NOT_LEADER_OR_FOLLOWER: [6, true, 'This broker is not the leader of that partition'],
  REQUEST_TIMED_OUT: [7, true, 'The request timed out'],
  MESSAGE_TOO_LARGE: [10, false, 'The record batch is larger than the broker accepts'],
  OFFSET_METADATA_TOO_LARGE: [12, false, 'The committed offset metadata is too large'],
  NETWORK_EXCEPTION: [13, true, 'The connection was lost before a response arrived'],
  COORDINATOR_LOAD_IN_PROGRESS: [14, true, 'The coordinator is still loading the group'],
  COORDINATOR_NOT_AVAILABLE: [15, true, 'The group coordinator is not available'],
  NOT_COORDINATOR: [16, true, 'This broker is not the coordinator of that group'],
  INVALID_TOPIC_EXCEPTION: [17, false, 'The topic name is invalid'],
  RECORD_LIST_TOO_LARGE: [18, false, 'The request holds more record bytes than the broker accepts'],
  INVALID_REQUIRED_ACKS: [21, false, 'acks must be -1, 0 or 1'],
  ILLEGAL_GENERATION: [22, false, "The generation id is not the group's current generation"],
  INCONSISTENT_GROUP_PROTOCOL: [23, false, "The member's protocols are incompatible with the group's"],
  INVALID_GROUP_ID: [24, false, 'The group id is invalid'],
  UNKNOWN_MEMBER_ID: [25, false, 'The member id is not known to the group'],
  INVALID_SESSION_TIMEOUT: [26, false, "The session timeout is outside the broker's bounds"],
  REBALANCE_IN_PROGRESS: [27, false, 'The group is rebalancing; rejoin it'],
  INVALID_COMMIT_OFFSET_SIZE: [28, false, 'The offset commit is too large'],
  TOPIC_AUTHORIZATION_FAILED: [29, false, 'Not authorized to access the topic'],
  GROUP_AUTHORIZATION_FAILED: [30, false, 'Not authorized to access the group'],
  CLUSTER_AUTHORIZATION_FAILED: [31, false, 'Not authorized for this cluster operation'],
  INVALID_TIMESTAMP: [32, false, 'The timestamp is invalid'],
  UNSUPPORTED_SASL_MECHANISM: [33, false, 'The broker does not enable that SASL mechanism'],
  ILLEGAL_SASL_STATE: [34, false, 'The request is not allowed in the SASL exchange at this point'],
  UNSUPPORTED_VERSION: [35, false, 'The broker does not support that API or version'],
  TOPIC_ALREADY_EXISTS: [36, false, 'The topic already exists'],
  INVALID_PARTITIONS: [37, false, 'The number of partitions is invalid'],
  INVALID_REPLICATION_FACTOR: [38, false, 'The replication factor is invalid'],
  INVALID_CONFIG: [40, false, 'A topic config is invalid'],
  INVALID_REQUEST: [42, false, 'The request is malformed'],
  OUT_OF_ORDER_SEQUENCE_NUMBER: [45, false, "The batch's sequence number does not follow the producer's last one"],
  DUPLICATE_SEQUENCE_NUMBER: [46, false, 'The batch is a duplicate of one already stored'],
  INVALID_PRODUCER_EPOCH: [47, false, "The producer's epoch is older than the one the broker knows"],
  INVALID_TXN_STATE: [48, false, 'The request is not valid in the state the transaction is in'],
  INVALID_PRODUCER_ID_MAPPING: [49, false, 'The producer id does not belong to this transactional id'],
  INVALID_TRANSACTION_TIMEOUT: [50, false, 'The transaction timeout is larger than the broker allows, or not positive'],
  CONCURRENT_TRANSACTIONS: [51, true, 'The previous transaction of this producer is still being completed'],
  POLICY_VIOLATION: [44, false, "The request violates the broker's policy"],
  KAFKA_STORAGE_ERROR: [56, true, 'The broker could not read or write its storage'],
  TRANSACTIONAL_ID_AUTHORIZATION_FAILED: [53, false, 'Not authorized to use the transactional id'],
  SASL_AUTHENTICATION_FAILED: [58, false, 'SASL authentication failed: wrong credentials or a broken exchange'],
  UNKNOWN_PRODUCER_ID: [59, false, 'The broker holds no state for this producer id (it expired)'],
  NON_EMPTY_GROUP: [68, false, 'The group still has members'],
  GROUP_ID_NOT_FOUND: [69, false, 'The group does not exist'],
  MEMBER_ID_REQUIRED: [79, false, 'Rejoin with the member id this response carries'],
  GROUP_MAX_SIZE_REACHED: [81, false, 'The group has reached its maximum size'],
  FENCED_INSTANCE_ID: [82, false, 'Another member with the same group instance id replaced this one'],
  GROUP_SUBSCRIBED_TO_TOPIC: [86, false, 'The group is still subscribed to the topic'],
  INVALID_RECORD: [87, false, 'A record in the batch is invalid'],
  UNSTABLE_OFFSET_COMMIT: [88, true, 'A pending offset commit makes the offset unstable'],
  PRODUCER_FENCED: [90, false, 'A newer producer with the same transactional id has fenced this one'],
  TRANSACTIONAL_ID_NOT_FOUND: [105, false, 'The transactional id is not known to the broker'],
} as const satisfies Record<string, readonly [number, boolean, string]>;

export type ErrorName = keyof typeof table;

/** Error codes by name: `ErrorCode.NOT_COORDINATOR === 16`. */
export const ErrorCode = Object.fromEntries(Object.entries(table).map(([name, [code]]) => [name, code])) as {
  readonly [K in ErrorName]: (typeof table)[K][0];
};

const byCode = new Map<number, ErrorCodeInfo>(
  Object.entries(table).map(([name, [code, retriable, message]]) => [code, { code, name, retriable, message }]),
);

/** Every known error code, for documentation checks and tooling. */
export const allErrorCodes: readonly ErrorCodeInfo[] = [...byCode.values()];

/** Looks up a code; unknown codes are described, never thrown on. */
export function errorInfo(code: number): ErrorCodeInfo {
  return (
    byCode.get(code) ?? { code, name: `UNKNOWN_ERROR_${code}`, retriable: false, message: `Unknown error code ${code}` }
  );
}

/** An error carrying a wire error code; both broker and SDK throw it. */
export class ProtocolError extends Error {
  readonly code: number;
  readonly type: string;
  readonly retriable: boolean;

  constructor(code: number, message?: string) {
    const info = errorInfo(code);
    super(message || info.message);
    this.name = 'ProtocolError';
    this.code = code;
    this.type = info.name;
    this.retriable = info.retriable;
  }
}
