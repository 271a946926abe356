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

function validateHeaders(headers: unknown, where: string): void {
  if (headers === undefined || headers === null) return;
  if (typeof headers !== 'object' || Array.isArray(headers))
    throw invalid(`${where}: headers must be an object of Buffer or string values`);
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const values: unknown[] = Array.isArray(value) ? value : [value];
    if (!values.every(isBytes))
      throw invalid(`${where}: header "${name}" must be a Buffer, a string or an array of them`);
  }
}

export function validateTopicMessages(topicMessages: unknown): asserts topicMessages is TopicMessages[] {
  if (!Array.isArray(topicMessages)) throw invalid('topicMessages must be an array of { topic, messages }');
  for (const entry of topicMessages as unknown[]) {
    if (!entry || typeof entry !== 'object') throw invalid('each topicMessages entry must be { topic, messages }');
    const { topic, messages } = entry as Record<string, unknown>;
    validateTopicName(topic);
    if (!Array.isArray(messages)) throw invalid(`messages for topic "${topic}" must be an array`);
    for (let i = 0; i < messages.length; i++) {
      const message = messages[i] as Record<string, unknown> | null;
      const where = `message ${i} for topic "${topic}"`;
      if (!message || typeof message !== 'object') throw invalid(`${where} must be an object`);
      const { key, value, partition, timestamp, headers } = message;
      if (value === undefined) throw invalid(`${where} has no value (use null for a tombstone)`);
      if (value !== null && !isBytes(value)) throw invalid(`${where}: value must be a Buffer, a string or null`);
      if (key !== undefined && key !== null && !isBytes(key))
        throw invalid(`${where}: key must be a Buffer, a string or null`);
      if (
        partition !== undefined &&
        partition !== null &&
        !(Number.isInteger(partition) && (partition as number) >= 0)
      ) {
        throw invalid(`${where}: partition must be a non-negative integer, got ${inspect(partition)}`);
      }
      if (timestamp !== undefined && timestamp !== null) {
        const ms = Number(timestamp);
        if ((typeof timestamp !== 'number' && typeof timestamp !== 'string') || !Number.isSafeInteger(ms) || ms < 0) {
          throw invalid(`${where}: timestamp must be milliseconds since the epoch, got ${inspect(timestamp)}`);
        }
      }
      validateHeaders(headers, where);
    }
  }
}
