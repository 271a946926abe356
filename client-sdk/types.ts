// Public shapes shared by the producer, consumer and admin (KafkaJS's names where it has one).
import type { CompressionType } from '../protocol/compression/codecs.js';
import type { LogLevel, Logger } from './logger.js';
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import type { RetryOptions } from './network/retry.js';
import type { SaslOptions } from './network/sasl.js';

export interface ClientConfig {
  brokers: string[];
  clientId?: string;
  /** Milliseconds to open a TCP connection (default 1000). */
  connectionTimeout?: number;
  /** Milliseconds to wait for a response (default 30000); fetches add their maxWaitTimeInMs. */
  requestTimeout?: number;
  retry?: RetryOptions;
  logLevel?: LogLevel;
  logger?: Logger;
  /** Largest frame body sent or accepted (default 100 MiB, as the broker). */
  maxFrameBytes?: number;
  /** TLS to the brokers: true, or node:tls connect options (ca, cert, key, servername, ...), as KafkaJS. */
  ssl?: boolean | TlsConnectionOptions;
  /** SASL credentials, as KafkaJS: { mechanism: 'plain' | 'scram-sha-256' | 'scram-sha-512', username, password }. */
  sasl?: SaslOptions;
}

export type HeaderValue = Buffer | string;
export interface IHeaders {
  [key: string]: HeaderValue | HeaderValue[] | undefined;
}

export interface Message {
  key?: Buffer | string | null;
  /** Required; null is a tombstone. */
  value: Buffer | string | null;
  partition?: number;
  headers?: IHeaders;
  /** Milliseconds since the epoch, as a number or a numeric string; defaults to now. */
  timestamp?: string | number;
}

export interface TopicMessages {
  topic: string;
  messages: Message[];
}

export interface ProducerRecord {
  topic: string;
  messages: Message[];
  acks?: number;
  timeout?: number;
  /** Codec for the batches of this send: CompressionTypes.None (default), GZIP, Snappy, LZ4 or ZSTD. */
  compression?: CompressionType;
}

export interface ProducerBatchRecord {
  topicMessages: TopicMessages[];
  acks?: number;
  timeout?: number;
  compression?: CompressionType;
}

/** One entry per topic-partition a send touched; offsets are strings, as in KafkaJS. */
export interface RecordMetadata {
  topicName: string;
  topic: string;
  partition: number;
  errorCode: number;
  /** Offset of this send's first record in the partition; '-1' with acks = 0. */
  baseOffset: string;
  logAppendTime: string;
  logStartOffset: string;
}

export interface PartitionMetadata {
  partitionId: number;
  partitionErrorCode: number;
  leader: number;
  replicas: number[];
  isr: number[];
}

export interface TopicPartitionOffset {
  topic: string;
  partition: number;
  offset: string;
}
