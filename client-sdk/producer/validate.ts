// Input checks run before anything is queued or sent, so bad input fails with a clear message.
import { inspect } from 'node:util';
import { isCompressionType, type CompressionType } from '../../protocol/compression/codecs.js';
import { ErrorCode } from '../../protocol/errors.js';
import { topicNameProblem } from '../../protocol/topic-name.js';
import { MinibrokerInvalidArgumentError } from '../errors.js';
import type { TopicMessages } from '../types.js';

const invalid = (message: string) => new MinibrokerInvalidArgumentError(message);

export function validateTopicName(topic: unknown): asserts topic is string {
  const problem = topicNameProblem(topic);
  if (problem)
    throw new MinibrokerInvalidArgumentError(problem, ErrorCode.INVALID_TOPIC_EXCEPTION, 'INVALID_TOPIC_EXCEPTION');
}

export function validateCompression(compression: unknown): asserts compression is CompressionType {
  if (!isCompressionType(compression))
    throw new MinibrokerInvalidArgumentError(
      `compression must be one of CompressionTypes (None 0, GZIP 1, Snappy 2, LZ4 3, ZSTD 4), got ${inspect(compression)}`,
    );
}

export function validateAcks(acks: unknown): asserts acks is number {
  if (acks !== -1 && acks !== 0 && acks !== 1) {
    throw new MinibrokerInvalidArgumentError(
      `acks must be -1 (all), 0 or 1, got ${String(acks)}`,
      ErrorCode.INVALID_REQUIRED_ACKS,
      'INVALID_REQUIRED_ACKS',
    );
  }
}

const isBytes = (v: unknown) => typeof v === 'string' || Buffer.isBuffer(v);

/** What is wrong with a message's headers, as the end of a sentence about the message; undefined if nothing. */
function headersProblem(headers: unknown): string | undefined {
  if (headers === undefined || headers === null) return undefined;
  if (typeof headers !== 'object' || Array.isArray(headers))
    return ': headers must be an object of Buffer or string values';
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (!values.every(isBytes)) return `: header "${name}" must be a Buffer, a string or an array of them`;
  }
  return undefined;
}

/**
 * What is wrong with one message, as the end of a sentence that starts with where it is; undefined
 * if nothing. Nothing is allocated for a good message: this runs for every record sent.
 */
function messageProblem(message: Record<string, unknown> | null): string | undefined {
  if (!message || typeof message !== 'object') return ' must be an object';
  const { key, value, partition, timestamp, headers } = message;
  if (value === undefined) return ' has no value (use null for a tombstone)';
  if (value !== null && !isBytes(value)) return ': value must be a Buffer, a string or null';
  if (key !== undefined && key !== null && !isBytes(key)) return ': key must be a Buffer, a string or null';
  if (partition !== undefined && partition !== null && !(Number.isInteger(partition) && (partition as number) >= 0))
    return `: partition must be a non-negative integer, got ${inspect(partition)}`;
  if (timestamp !== undefined && timestamp !== null) {
    const ms = Number(timestamp);
    if ((typeof timestamp !== 'number' && typeof timestamp !== 'string') || !Number.isSafeInteger(ms) || ms < 0)
      return `: timestamp must be milliseconds since the epoch, got ${inspect(timestamp)}`;
  }
  return headersProblem(headers);
}

export function validateTopicMessages(topicMessages: unknown): asserts topicMessages is TopicMessages[] {
  if (!Array.isArray(topicMessages)) throw invalid('topicMessages must be an array of { topic, messages }');
  for (const entry of topicMessages as unknown[]) {
    if (!entry || typeof entry !== 'object') throw invalid('each topicMessages entry must be { topic, messages }');
    const { topic, messages } = entry as Record<string, unknown>;
    validateTopicName(topic);
    if (!Array.isArray(messages)) throw invalid(`messages for topic "${topic}" must be an array`);
    for (let i = 0; i < messages.length; i++) {
      const problem = messageProblem(messages[i] as Record<string, unknown> | null);
      if (problem !== undefined) throw invalid(`message ${i} for topic "${topic}"${problem}`);
    }
  }
}
