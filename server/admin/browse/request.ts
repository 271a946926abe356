// Turns a browse request (partition, from, offset, timestamp, cursor) into the partitions to
// read and where each starts. Every field comes from the network: errors name the field.
import type { PartitionLog } from '../../core/partition-log.js';
import type { Topic } from '../../core/topic-registry.js';
import { AdminError, fromProtocolError } from '../admin-error.js';
import { decodeCursor, type Cursor } from './cursor.js';

export type StartAt = 'newest' | 'oldest' | 'offset' | 'timestamp';

export interface BrowseQuery {
  /** A partition number, or `all`. */
  partition: string;
  from?: StartAt;
  offset?: number;
  /** Epoch milliseconds or an ISO 8601 date. */
  timestamp?: string;
  cursor?: string;
}

export interface BrowsePlan {
  logs: PartitionLog[];
  cursor: Cursor;
}

export function planBrowse(topic: Topic, query: BrowseQuery): BrowsePlan {
  const logs = selectPartitions(topic, query.partition);
  if (query.cursor !== undefined) return { logs, cursor: resumeCursor(logs, query.cursor) };
  const from =
    query.from ?? (query.offset !== undefined ? 'offset' : query.timestamp !== undefined ? 'timestamp' : 'newest');
  const positions = new Map<number, number>();
  switch (from) {
    case 'newest':
      for (const log of logs) positions.set(log.partition, log.logEndOffset);
      return { logs, cursor: { direction: 'backward', positions } };
    case 'oldest':
      for (const log of logs) positions.set(log.partition, log.logStartOffset);
      break;
    case 'offset': {
      const offset = query.offset;
      if (offset === undefined) throw new AdminError('INVALID_REQUEST', 'querystring.offset is required', 'offset');
      for (const log of logs) positions.set(log.partition, startOffset(log, offset, logs.length === 1));
      break;
    }
    case 'timestamp': {
      const at = parseTimestamp(query.timestamp);
      for (const log of logs) positions.set(log.partition, log.offsetForTimestamp(at).offset);
      break;
    }
  }
  return { logs, cursor: { direction: 'forward', positions } };
}

function selectPartitions(topic: Topic, partition: string): PartitionLog[] {
  if (partition === 'all') return [...topic.partitions];
  const log = topic.partitions[Number(partition)];
  if (!log)
    throw new AdminError(
      'PARTITION_NOT_FOUND',
      `topic "${topic.name}" has no partition ${partition} (it has ${topic.partitions.length})`,
      'partition',
    );
  return [log];
}

/** One partition: the offset must be in its log. All: each partition starts at the offset, clamped to its log. */
function startOffset(log: PartitionLog, offset: number, strict: boolean): number {
  if (!strict) return Math.min(Math.max(offset, log.logStartOffset), log.logEndOffset);
  try {
    log.checkOffset(offset);
  } catch (err) {
    throw fromProtocolError(err);
  }
  return offset;
}

function parseTimestamp(raw: string | undefined): number {
  if (raw === undefined) throw new AdminError('INVALID_REQUEST', 'querystring.timestamp is required', 'timestamp');
  const at = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isSafeInteger(at))
    throw new AdminError(
      'INVALID_REQUEST',
      `querystring.timestamp must be epoch milliseconds or an ISO 8601 date, got "${raw}"`,
      'timestamp',
    );
  return at;
}

/** The cursor's positions, checked against the logs as they are now (retention may have moved a log start). */
function resumeCursor(logs: PartitionLog[], text: string): Cursor {
  const cursor = decodeCursor(text);
  if (typeof cursor === 'string') throw new AdminError('INVALID_REQUEST', `querystring.cursor ${cursor}`, 'cursor');
  const byPartition = new Map(logs.map((log) => [log.partition, log]));
  for (const [partition, position] of cursor.positions) {
    const log = byPartition.get(partition);
    if (!log)
      throw new AdminError('INVALID_REQUEST', `querystring.cursor names partition ${partition}, not browsed`, 'cursor');
    if (position > log.logEndOffset)
      throw new AdminError(
        'OFFSET_OUT_OF_RANGE',
        `the cursor is past the end of partition ${partition} (${log.logEndOffset}); was the topic recreated?`,
        'cursor',
      );
    // Records deleted by retention since the last page: go on from the log start.
    cursor.positions.set(partition, Math.max(position, log.logStartOffset));
  }
  return cursor;
}
