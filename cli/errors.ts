// Turns any failure into the one line the user sees on stderr: our own CliErrors verbatim, an
// unreachable broker as such (not a retry-exhausted stack trace), broker error codes by name.
import {
  ErrorCode,
  MinibrokerConnectionError,
  MinibrokerError,
  MinibrokerNumberOfRetriesExceeded,
} from '../client-sdk/index.js';

/** A failure the command already explained; exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

export function describeFailure(error: unknown, brokers: readonly string[]): string {
  if (error instanceof CliError) return error.message;
  const root = error instanceof MinibrokerNumberOfRetriesExceeded ? error.originalError : error;
  if (
    root instanceof MinibrokerConnectionError ||
    (root instanceof MinibrokerError && root.code === ErrorCode.NETWORK_EXCEPTION)
  ) {
    return `cannot reach the broker at ${brokers.join(',')} (${root.message}); is it running? (set --bootstrap-server or MINIBROKER_BROKERS)`;
  }
  if (
    root instanceof MinibrokerError &&
    root.type !== 'INVALID_ARGUMENT' &&
    root.code !== ErrorCode.UNKNOWN_SERVER_ERROR
  ) {
    return `${root.message} [${root.type}]`;
  }
  return root instanceof Error ? root.message : String(root);
}

/** The broker's UNKNOWN_TOPIC_OR_PARTITION, said plainly. */
export async function unknownTopicAsCliError<T>(topic: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof MinibrokerError && error.code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION)
      throw new CliError(`topic "${topic}" does not exist`);
    throw error;
  }
}
