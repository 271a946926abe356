// A transactional producer's side of KIP-98: InitProducerId for its transactional id (which
// fences any older producer with the same id), AddPartitionsToTxn before the first batch of each
// partition in a transaction, AddOffsetsToTxn + TxnOffsetCommit for sendOffsets, and EndTxn to
// commit or abort. Requests go to the transaction coordinator (FindCoordinator key type 1), or
// for TxnOffsetCommit to the group's coordinator; retriable errors are retried.
import { ErrorCode } from '../../protocol/errors.js';
import { COORDINATOR_KEY_TYPE_TRANSACTION } from '../../protocol/messages.js';
import { MinibrokerError, MinibrokerProtocolError } from '../errors.js';
import type { Cluster } from '../network/cluster.js';
import { CoordinatorClient } from '../network/coordinator-client.js';
import type { ProducerIdentity } from './idempotence.js';

export interface TopicPartition {
  topic: string;
  partition: number;
}

/** The consumer group data KIP-447 fences offset commits with (Consumer.groupMetadata()). */
export interface ConsumerGroupMetadata {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
}

export interface OffsetsToSend {
  /** KafkaJS's field: the group whose offsets the transaction commits. */
  consumerGroupId?: string;
  /** The consumer itself (or its groupMetadata()): its generation and member id fence zombies (KIP-447). */
  consumer?: { groupMetadata(): ConsumerGroupMetadata | undefined } | ConsumerGroupMetadata;
  topics: { topic: string; partitions: { partition: number; offset: string | number; metadata?: string | null }[] }[];
}

/** Coordinator answers a transactional producer retries (Kafka's clients retry these too). */
const RETRIED = new Set<number>([
  ErrorCode.CONCURRENT_TRANSACTIONS,
  ErrorCode.COORDINATOR_LOAD_IN_PROGRESS,
  ErrorCode.NOT_COORDINATOR,
  ErrorCode.COORDINATOR_NOT_AVAILABLE,
]);

export class TransactionManager {
  private readonly coordinator: CoordinatorClient;
  private readonly partitions = new Set<string>();
  private adding: Promise<void> = Promise.resolve();
  private hasOffsets = false;

  constructor(
    private readonly cluster: Cluster,
    readonly transactionalId: string,
    private readonly timeoutMs: number,
    private readonly identity: () => ProducerIdentity,
  ) {
    this.coordinator = new CoordinatorClient(cluster, transactionalId, COORDINATOR_KEY_TYPE_TRANSACTION);
  }

  /** InitProducerId for the transactional id: the producer id and a new epoch. */
  initProducerId(): Promise<ProducerIdentity> {
    return this.retried(async () => {
      const r = await this.coordinator.request('InitProducerId', {
        transactionalId: this.transactionalId,
        transactionTimeoutMs: this.timeoutMs,
      });
      this.check(r.errorCode, r.errorMessage);
      return { producerId: r.producerId, producerEpoch: r.producerEpoch };
    });
  }

  /** Adds the partitions not yet in the transaction; resolves once the coordinator has them. */
  ensurePartitions(partitions: readonly TopicPartition[]): Promise<void> {
    const missing = partitions.filter((p) => !this.partitions.has(key(p)));
    if (missing.length === 0) return this.adding;
    for (const p of missing) this.partitions.add(key(p));
    // Chained: a request waiting for partitions added by an earlier one waits for that one too.
    const added = this.adding.then(() => this.addPartitions(missing));
    this.adding = added.catch(() => undefined);
    return added.catch((error: unknown) => {
      for (const p of missing) this.partitions.delete(key(p));
      throw error;
    });
  }

  async sendOffsets(offsets: OffsetsToSend): Promise<void> {
    const metadata = groupMetadataOf(offsets);
    const groupId = offsets.consumerGroupId ?? metadata?.groupId;
    if (!groupId) throw new MinibrokerProtocolError(ErrorCode.INVALID_GROUP_ID, 'sendOffsets needs consumerGroupId');
    const { producerId, producerEpoch } = this.identity();
    await this.retried(async () => {
      const r = await this.coordinator.request('AddOffsetsToTxn', {
        transactionalId: this.transactionalId,
        producerId,
        producerEpoch,
        groupId,
      });
      this.check(r.errorCode, r.errorMessage);
    });
    this.hasOffsets = true;
    const group = new CoordinatorClient(this.cluster, groupId);
    await this.retried(async () => {
      const r = await group.request('TxnOffsetCommit', {
        transactionalId: this.transactionalId,
        groupId,
        producerId,
        producerEpoch,
        generationId: metadata?.groupId === groupId ? metadata.generationId : -1,
        memberId: metadata?.groupId === groupId ? metadata.memberId : '',
        groupInstanceId: metadata?.groupId === groupId ? (metadata.groupInstanceId ?? null) : null,
        topics: offsets.topics.map((t) => ({
          name: t.topic,
          partitions: t.partitions.map((p) => ({
            partition: p.partition,
            committedOffset: Number(p.offset),
            committedMetadata: p.metadata ?? '',
          })),
        })),
      });
      for (const topic of r.topics)
        for (const p of topic.partitions) {
          group.checkMoved(p.errorCode);
          if (p.errorCode !== 0)
            throw new MinibrokerProtocolError(p.errorCode, p.errorMessage || `${topic.name}/${p.partition}`);
        }
    });
  }

  /** True when the transaction wrote something (a partition or offsets): EndTxn is needed. */
  get hasWork(): boolean {
    return this.partitions.size > 0 || this.hasOffsets;
  }

  async end(commit: boolean): Promise<void> {
    await this.adding;
    if (this.hasWork) {
      const { producerId, producerEpoch } = this.identity();
      await this.retried(async () => {
        const r = await this.coordinator.request('EndTxn', {
          transactionalId: this.transactionalId,
          producerId,
          producerEpoch,
          committed: commit,
        });
        this.check(r.errorCode, r.errorMessage);
      });
    }
    this.reset();
  }

  /** Forgets the transaction's partitions and offsets (after EndTxn, or after a new InitProducerId). */
  reset(): void {
    this.partitions.clear();
    this.hasOffsets = false;
  }

  private async addPartitions(partitions: readonly TopicPartition[]): Promise<void> {
    const { producerId, producerEpoch } = this.identity();
    const topics = new Map<string, number[]>();
    for (const p of partitions) topics.set(p.topic, [...(topics.get(p.topic) ?? []), p.partition]);
    await this.retried(async () => {
      const r = await this.coordinator.request('AddPartitionsToTxn', {
        transactionalId: this.transactionalId,
        producerId,
        producerEpoch,
        topics: [...topics].map(([name, list]) => ({ name, partitions: list })),
      });
      for (const topic of r.results)
        for (const p of topic.partitions) this.check(p.errorCode, p.errorMessage || `${topic.name}/${p.partition}`);
    });
  }

  private check(errorCode: number, message: string): void {
    if (errorCode === 0) return;
    this.coordinator.checkMoved(errorCode);
    const error = new MinibrokerProtocolError(errorCode, message || undefined);
    if (!RETRIED.has(errorCode) || error.retriable) throw error;
    throw new MinibrokerError(error.message, { code: errorCode, type: error.type, retriable: true, cause: error });
  }

  private retried<T>(fn: () => Promise<T>): Promise<T> {
    return this.cluster.retrier(fn);
  }
}

const key = (p: TopicPartition) => `${p.topic}|${p.partition}`;

function groupMetadataOf(offsets: OffsetsToSend): ConsumerGroupMetadata | undefined {
  const consumer = offsets.consumer;
  if (!consumer) return undefined;
  return 'groupMetadata' in consumer && typeof consumer.groupMetadata === 'function'
    ? consumer.groupMetadata()
    : (consumer as ConsumerGroupMetadata);
}
