// The SDK's error classes. Every one carries `retriable` (the retry helper decides from that flag
// alone), `type` (an error name from protocol/errors.ts where one fits) and `code`.
import { ErrorCode, ProtocolError, errorInfo } from '../protocol/errors.js';

export interface MinibrokerErrorOptions {
  retriable?: boolean;
  code?: number;
  type?: string;
  cause?: unknown;
}

export class MinibrokerError extends Error {
  readonly retriable: boolean;
  readonly code: number;
  readonly type: string;

  constructor(message: string, options: MinibrokerErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? ErrorCode.UNKNOWN_SERVER_ERROR;
    this.retriable = options.retriable ?? false;
    this.type = options.type ?? errorInfo(this.code).name;
  }
}

/** An error code the broker answered with; `retriable` comes from the protocol's table. */
export class MinibrokerProtocolError extends MinibrokerError {
  constructor(code: number, message?: string, options: { cause?: unknown } = {}) {
    const info = errorInfo(code);
    super(message || info.message, { code, retriable: info.retriable, type: info.name, cause: options.cause });
  }

  /** Converts the protocol layer's ProtocolError (e.g. CORRUPT_MESSAGE from a decoder). */
  static from(error: unknown): MinibrokerError {
    if (error instanceof MinibrokerError) return error;
    if (error instanceof ProtocolError) return new MinibrokerProtocolError(error.code, error.message, { cause: error });
    // An application error may say it is worth retrying (as KafkaJS errors do): keep that.
    const retriable = (error as { retriable?: unknown } | null)?.retriable === true;
    return new MinibrokerError(error instanceof Error ? error.message : String(error), { cause: error, retriable });
  }
}

/** The socket failed or closed; the request may be sent again on a new connection. */
export class MinibrokerConnectionError extends MinibrokerError {
  constructor(
    message: string,
    readonly broker?: string,
    cause?: unknown,
  ) {
    super(message, { code: ErrorCode.NETWORK_EXCEPTION, retriable: true, cause });
  }
}

export class MinibrokerRequestTimeoutError extends MinibrokerError {
  constructor(message: string) {
    super(message, { code: ErrorCode.REQUEST_TIMED_OUT, retriable: true });
  }
}

/** Refused before sending: the frame would exceed the maximum frame size. */
export class MinibrokerRequestTooLargeError extends MinibrokerError {
  constructor(
    readonly size: number,
    readonly max: number,
  ) {
    super(`request of ${size} bytes exceeds the maximum frame size of ${max} bytes`, {
      code: ErrorCode.MESSAGE_TOO_LARGE,
    });
  }
}

/** Bad input from the application, caught before anything is sent. */
export class MinibrokerInvalidArgumentError extends MinibrokerError {
  constructor(message: string, code: number = ErrorCode.INVALID_REQUEST, type = 'INVALID_ARGUMENT') {
    super(message, { code, type });
  }
}

export class MinibrokerNotConnectedError extends MinibrokerError {
  constructor(what: string) {
    super(`The ${what} is disconnected; call connect() first`, { type: 'NOT_CONNECTED' });
  }
}

/**
 * The retry helper gave up; `cause` is the last error, whose `code` and `retriable` this copies
 * (retriable: trying again later may work, e.g. once the broker is back).
 */
export class MinibrokerNumberOfRetriesExceeded extends MinibrokerError {
  readonly originalError: MinibrokerError;

  constructor(
    originalError: MinibrokerError,
    readonly retryCount: number,
  ) {
    // A retrier around another one that gave up reports the root error, not a chain.
    const root =
      originalError instanceof MinibrokerNumberOfRetriesExceeded ? originalError.originalError : originalError;
    super(`${root.message} (gave up after ${retryCount} retries)`, {
      code: root.code,
      type: 'NUMBER_OF_RETRIES_EXCEEDED',
      retriable: root.retriable,
      cause: root,
    });
    this.originalError = root;
  }
}

/**
 * The broker could not be reached or did not answer in time (as opposed to answering with an
 * error code): an outage, retried for as long as the caller's patience allows.
 */
export function isBrokerUnreachable(error: unknown): boolean {
  const root = error instanceof MinibrokerNumberOfRetriesExceeded ? error.originalError : error;
  return root instanceof MinibrokerConnectionError || root instanceof MinibrokerRequestTimeoutError;
}

/** Several items failed at once (e.g. topics in createTopics); each keeps its own error. */
export class MinibrokerAggregateError extends MinibrokerError {
  constructor(
    message: string,
    readonly errors: MinibrokerError[],
  ) {
    super(`${message}: ${errors.map((e) => e.message).join('; ')}`, { code: errors[0]?.code, type: errors[0]?.type });
  }
}

/**
 * A fetched record batch the consumer cannot use: it fails its checks (checksum, lengths, offset
 * deltas, …) or holds no record at the fetch position. Not retriable, since fetching again
 * returns the same stored bytes: the consumer crashes instead of looping. To move on past it,
 * seek (or, for a group, commit) to `nextOffset`; records there and after are unaffected.
 */
export class MinibrokerCorruptBatchError extends MinibrokerError {
  constructor(
    message: string,
    readonly topic: string,
    readonly partition: number,
    /** The fetch position: the first offset not consumed. */
    readonly offset: number,
    /** The offset after the unusable batch, as its header states it. */
    readonly nextOffset: number,
    cause?: unknown,
  ) {
    super(message, { code: ErrorCode.CORRUPT_MESSAGE, type: 'CORRUPT_MESSAGE', retriable: false, cause });
  }
}
