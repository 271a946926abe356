// Partitioners. The default is Kafka's: murmur2 of the key bytes for keyed records, and for
// unkeyed ones the sticky partitioner (KIP-480): one partition until a batch to it closes, then
// another, so small sends fill batches instead of scattering one record per partition.
import type { Message, PartitionMetadata } from '../types.js';
import { utf8Length, writeUtf8 } from '../../protocol/utf8.js';
import { murmur2, murmur2Ascii, toPositive } from './murmur2.js';

export interface PartitionerArgs {
  topic: string;
  partitionMetadata: PartitionMetadata[];
  message: Message;
}

export interface Partitioner {
  (args: PartitionerArgs): number;
  /** Called when a batch for `previousPartition` closes (full or sent). */
  onNewBatch?(topic: string, previousPartition: number): void;
}

export type ICustomPartitioner = () => Partitioner;

/** A non-ASCII string key's UTF-8 bytes for hashing, reused: no Buffer per record. */
let keyBytes = Buffer.allocUnsafe(256);

/** The partition Kafka's default partitioner gives `key` among `numPartitions`. */
export function partitionForKey(key: Buffer | string, numPartitions: number): number {
  if (typeof key !== 'string') return toPositive(murmur2(key)) % numPartitions;
  const ascii = murmur2Ascii(key);
  if (ascii !== undefined) return toPositive(ascii) % numPartitions;
  const length = utf8Length(key);
  if (keyBytes.length < length) keyBytes = Buffer.allocUnsafe(2 * length);
  writeUtf8(keyBytes, 0, key, length);
  return toPositive(murmur2(keyBytes, length)) % numPartitions;
}

interface StickyChoice {
  partition: number;
  /** Set after onNewBatch: the next choice should avoid this partition. */
  avoid: number;
}

function pickPartition(partitions: PartitionMetadata[], avoid: number, random: () => number): number {
  const available = partitions.filter((p) => p.leader >= 0);
  const fresh = available.filter((p) => p.partitionId !== avoid);
  const pool = fresh.length > 0 ? fresh : available.length > 0 ? available : partitions;
  return pool[Math.floor(random() * pool.length)]!.partitionId;
}

export function createDefaultPartitioner(random: () => number = Math.random): Partitioner {
  const sticky = new Map<string, StickyChoice>();
  const partitioner: Partitioner = ({ topic, partitionMetadata, message }) => {
    const key = message.key;
    if (key !== null && key !== undefined) return partitionForKey(key, partitionMetadata.length);
    let choice = sticky.get(topic);
    if (!choice) sticky.set(topic, (choice = { partition: -1, avoid: -1 }));
    if (choice.partition < 0 || choice.partition >= partitionMetadata.length) {
      choice.partition = pickPartition(partitionMetadata, choice.avoid, random);
    }
    return choice.partition;
  };
  partitioner.onNewBatch = (topic, previousPartition) => {
    const choice = sticky.get(topic);
    if (choice && choice.partition === previousPartition) {
      choice.partition = -1;
      choice.avoid = previousPartition;
    }
  };
  return partitioner;
}

/** Round robin over all partitions for unkeyed records; keyed ones still hash. */
export function createRoundRobinPartitioner(): Partitioner {
  const counters = new Map<string, number>();
  return ({ topic, partitionMetadata, message }) => {
    if (message.key !== null && message.key !== undefined)
      return partitionForKey(message.key, partitionMetadata.length);
    const next = counters.get(topic) ?? 0;
    counters.set(topic, next + 1);
    return next % partitionMetadata.length;
  };
}

export const Partitioners = {
  DefaultPartitioner: (() => createDefaultPartitioner()) as ICustomPartitioner,
  /** The same as the default: it is already Java-compatible. */
  JavaCompatiblePartitioner: (() => createDefaultPartitioner()) as ICustomPartitioner,
  RoundRobinPartitioner: (() => createRoundRobinPartitioner()) as ICustomPartitioner,
};
