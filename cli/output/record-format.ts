// How the console consumer prints a record: the value (key<sep>value with --print-key), or with
// --json one object per line. Keys, values and headers are shown as UTF-8 text.
import type { KafkaMessage } from '../../client-sdk/index.js';

export interface RecordJson {
  topic: string;
  partition: number;
  offset: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string | string[]>;
  timestamp: number;
}

/** `value` replaces the value's UTF-8 text (a decoded value's JSON, say). */
export function recordJson(topic: string, partition: number, message: KafkaMessage, value?: string | null): RecordJson {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(message.headers ?? {}))
    headers[name] = Array.isArray(value) ? value.map((v) => v.toString('utf8')) : value.toString('utf8');
  return {
    topic,
    partition,
    offset: Number(message.offset),
    key: message.key === null ? null : message.key.toString('utf8'),
    value: value !== undefined ? value : message.value === null ? null : message.value.toString('utf8'),
    headers,
    timestamp: Number(message.timestamp),
  };
}

export function recordLine(
  record: RecordJson,
  options: { json?: boolean; printKey?: boolean; keySeparator: string },
): string {
  if (options.json) return JSON.stringify(record);
  const value = record.value ?? 'null';
  return options.printKey ? `${record.key ?? 'null'}${options.keySeparator}${value}` : value;
}
