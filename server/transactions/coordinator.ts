// The transaction coordinator (KIP-98): per transactional id a producer id and epoch, and the
// state of its transaction: Empty → Ongoing (partitions and groups added) → PrepareCommit or
// PrepareAbort (the decision, stored first) → CompleteCommit or CompleteAbort (markers written to
// every partition, offsets written to the groups on commit). Every change is stored, so after a
// restart a Prepare* state is completed and an Ongoing one is aborted once its timeout passes.
// A new InitProducerId for the id bumps the epoch, which fences the previous producer (a zombie):
// its requests here and its transactional batches get PRODUCER_FENCED. Wire-free: plain values.
import { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import type { PartitionLog } from '../core/partition-log.js';
import type { Logger } from '../logger.js';
import { RateLimitedLog } from '../rate-limited-log.js';
import type {
  TransactionRecord,
  TransactionState,
  TransactionStore,
  TxnOffset,
  TxnPartition,
} from '../storage/transaction-store.js';
import type { ProducerIds } from './producer-ids.js';
import { PeriodicTask } from '../periodic-task.js';

/** Largest epoch before the coordinator moves the id to a fresh producer id (int16, as Kafka). */
const MAX_EPOCH = 32_766;

export type TransactionEvent =
  | { type: 'commit' | 'abort' | 'timeout-abort'; transactionalId: string; partitions: number }
  | { type: 'fenced'; transactionalId: string; producerId: number };

/** What the coordinator needs from the group coordinators: KIP-447 checks and offset writes. */
export interface TransactionalGroups {
  checkTransactionalCommit(params: {
    groupId: string;
    generationId: number;
    memberId: string;
    groupInstanceId?: string | null;
    topics: readonly { name: string; partitions: readonly { partition: number; offset: number }[] }[];
  }): number;
  writeTransactionalOffsets(
    groupId: string,
    offsets: readonly { topic: string; partition: number; offset: number; metadata: string }[],
  ): number;
}

export interface TransactionCoordinatorOptions {
  store: TransactionStore;
  producerIds: ProducerIds;
  /** The log of a partition, or undefined when the topic or partition does not exist. */
  partitionLog(topic: string, partition: number): PartitionLog | undefined;
  groups(groupId: string): TransactionalGroups;
  maxTimeoutMs: number;
  /** Transactional ids held at most; one client cannot fill the broker's memory and database. */
  maxTransactionalIds?: number;
  offsetMetadataMaxBytes: number;
  log: Logger;
  now?: () => number;
  onEvent?: (event: TransactionEvent) => void;
}

export interface ProducerIdResult {
  errorCode: number;
  errorMessage: string;
  producerId: number;
  producerEpoch: number;
}

export interface TxnOffsetCommitParams {
  transactionalId: string;
  groupId: string;
  producerId: number;
  producerEpoch: number;
  generationId: number;
  memberId: string;
  groupInstanceId?: string | null;
  topics: readonly { name: string; partitions: readonly { partition: number; offset: number; metadata: string }[] }[];
}

/** A view of one transactional id for the admin API and the CLI. */
export interface TransactionView {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  state: TransactionState;
  timeoutMs: number;
  /** When the open transaction began (ms since the epoch); -1 when none is open. */
  startTimeMs: number;
  /** ms since the open transaction began; -1 when none is open. */
  ageMs: number;
  partitions: TxnPartition[];
  groups: string[];
}

const fail = (code: number, message: string) => new ProtocolError(code, message);

export class TransactionCoordinator {
  private readonly records = new Map<string, TransactionRecord>();
  private readonly byProducerId = new Map<number, TransactionRecord>();
  /** Completions (marker writes) in progress, per transactional id. */
  private readonly completing = new Map<string, Promise<void>>();
  private readonly now: () => number;
  private readonly timer = new PeriodicTask(() => this.abortTimedOut());

  private readonly refusals: RateLimitedLog;

  constructor(private readonly options: TransactionCoordinatorOptions) {
    this.now = options.now ?? Date.now;
    this.refusals = new RateLimitedLog(options.log);
    for (const record of options.store.all()) this.remember(record);
  }

  /** Completes the transactions a stopped broker left decided but unfinished, and starts the timeout check. */
  start(checkIntervalMs: number): void {
    for (const record of this.records.values())
      if (record.state === 'PrepareCommit' || record.state === 'PrepareAbort') void this.complete(record);
    this.timer.start(checkIntervalMs);
  }

  stop(): void {
    this.timer.stop();
  }

  /** Waits for marker writes in progress (shutdown, tests). */
  async settle(): Promise<void> {
    while (this.completing.size > 0) await Promise.allSettled([...this.completing.values()]);
  }

  // ------------------------------------------------------------ APIs

  async initProducerId(transactionalId: string, timeoutMs: number): Promise<ProducerIdResult> {
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0 || timeoutMs > this.options.maxTimeoutMs) {
      return this.idError(
        ErrorCode.INVALID_TRANSACTION_TIMEOUT,
        `transaction timeout ${timeoutMs} ms is not within 1..${this.options.maxTimeoutMs}`,
      );
    }
    await this.completing.get(transactionalId);
    let record = this.records.get(transactionalId);
    const now = this.now();
    if (!record) {
      const max = this.options.maxTransactionalIds ?? Number.POSITIVE_INFINITY;
      if (this.records.size >= max) {
        this.refusals.warn({ transactionalId, max }, 'transactional id refused: broker limit reached');
        return this.idError(
          ErrorCode.POLICY_VIOLATION,
          `the broker holds ${this.records.size} transactional ids, its maxBrokerTransactionalIds`,
        );
      }
      record = {
        transactionalId,
        producerId: this.options.producerIds.next(),
        producerEpoch: 0,
        timeoutMs,
        state: 'Empty',
        partitions: [],
        groups: [],
        offsets: [],
        startedAt: -1,
        updatedAt: now,
      };
      this.save(record);
      return this.idResult(record);
    }
    if (record.state === 'PrepareCommit' || record.state === 'PrepareAbort') {
      await this.complete(record); // a decision a failed marker write left unfinished
      const after = record.state as TransactionState;
      if (after === 'PrepareCommit' || after === 'PrepareAbort')
        return this.idError(ErrorCode.CONCURRENT_TRANSACTIONS, 'completing the previous transaction failed; retry');
    }
    this.bumpEpoch(record);
    record.timeoutMs = timeoutMs;
    if (record.state === 'Ongoing') {
      // The previous producer's transaction is aborted with the new epoch, which fences it on every partition.
      record.state = 'PrepareAbort';
      this.save(record);
      await this.complete(record);
      if ((record.state as TransactionState) !== 'CompleteAbort')
        return this.idError(ErrorCode.CONCURRENT_TRANSACTIONS, 'aborting the previous transaction failed; retry');
    } else {
      this.save(record);
    }
    return this.idResult(record);
  }

  /** Adds partitions to the transaction; one error code per partition. */
  addPartitions(
    transactionalId: string,
    producerId: number,
    producerEpoch: number,
    partitions: readonly TxnPartition[],
  ): { partition: TxnPartition; errorCode: number; errorMessage: string }[] {
    let record: TransactionRecord;
    try {
      record = this.openFor(transactionalId, producerId, producerEpoch);
    } catch (err) {
      const { code, message } = err as ProtocolError;
      return partitions.map((partition) => ({ partition, errorCode: code, errorMessage: message }));
    }
    const results = partitions.map((partition) => {
      if (!this.options.partitionLog(partition.topic, partition.partition)) {
        return { partition, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: 'unknown partition' };
      }
      if (!record.partitions.some((p) => p.topic === partition.topic && p.partition === partition.partition))
        record.partitions.push({ topic: partition.topic, partition: partition.partition });
      return { partition, errorCode: ErrorCode.NONE, errorMessage: '' };
    });
    this.save(record);
    return results;
  }

  /** Adds a consumer group to the transaction (its offsets come with TxnOffsetCommit). */
  addOffsets(transactionalId: string, producerId: number, producerEpoch: number, groupId: string): void {
    if (typeof groupId !== 'string' || groupId === '') throw fail(ErrorCode.INVALID_GROUP_ID, 'group id is empty');
    const record = this.openFor(transactionalId, producerId, producerEpoch);
    if (!record.groups.includes(groupId)) record.groups.push(groupId);
    this.save(record);
  }

  /** Stores offsets to commit with the transaction; one error code per partition. */
  commitOffsets(params: TxnOffsetCommitParams): { name: string; partition: number; errorCode: number }[] {
    const everyPartition = (errorCode: number) =>
      params.topics.flatMap((t) => t.partitions.map((p) => ({ name: t.name, partition: p.partition, errorCode })));
    let record: TransactionRecord;
    try {
      record = this.checkProducer(params.transactionalId, params.producerId, params.producerEpoch);
      if (record.state !== 'Ongoing' || !record.groups.includes(params.groupId))
        throw fail(ErrorCode.INVALID_TXN_STATE, `group ${params.groupId} was not added to the transaction`);
    } catch (err) {
      return everyPartition((err as ProtocolError).code);
    }
    const groupError = this.options.groups(params.groupId).checkTransactionalCommit(params);
    if (groupError !== ErrorCode.NONE) return everyPartition(groupError);
    const results = params.topics.flatMap((t) =>
      t.partitions.map(({ partition, offset, metadata }) => {
        let errorCode: number = ErrorCode.NONE;
        if (metadata.length > this.options.offsetMetadataMaxBytes) errorCode = ErrorCode.OFFSET_METADATA_TOO_LARGE;
        else if (!this.options.partitionLog(t.name, partition)) errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else if (!Number.isSafeInteger(offset) || offset < 0) errorCode = ErrorCode.INVALID_COMMIT_OFFSET_SIZE;
        else setOffset(record.offsets, { groupId: params.groupId, topic: t.name, partition, offset, metadata });
        return { name: t.name, partition, errorCode };
      }),
    );
    this.save(record);
    return results;
  }

  /** Commits or aborts the open transaction; resolves once its markers are written. */
  async endTransaction(
    transactionalId: string,
    producerId: number,
    producerEpoch: number,
    commit: boolean,
  ): Promise<void> {
    const record = this.checkProducer(transactionalId, producerId, producerEpoch);
    const pending = this.completing.get(transactionalId);
    const wanted: TransactionState = commit ? 'PrepareCommit' : 'PrepareAbort';
    if (pending) {
      if (record.state !== wanted) throw fail(ErrorCode.CONCURRENT_TRANSACTIONS, 'the transaction is being completed');
      await pending;
      return this.checkCompleted(record, commit);
    }
    if (record.state === (commit ? 'CompleteCommit' : 'CompleteAbort')) return; // a retried EndTxn
    if (record.state === wanted) {
      await this.complete(record); // decided before a restart or a failed marker write
      return this.checkCompleted(record, commit);
    }
    if (record.state !== 'Ongoing') {
      throw fail(ErrorCode.INVALID_TXN_STATE, `cannot ${commit ? 'commit' : 'abort'} in state ${record.state}`);
    }
    record.state = wanted;
    this.save(record);
    await this.complete(record);
    this.checkCompleted(record, commit);
  }

  /**
   * Whether a transactional batch may be stored: the producer's current epoch, in an open
   * transaction that holds the partition. Throws PRODUCER_FENCED, INVALID_PRODUCER_ID_MAPPING or INVALID_TXN_STATE.
   */
  checkTransactionalBatch(producerId: number, producerEpoch: number, topic: string, partition: number): void {
    const record = this.byProducerId.get(producerId);
    if (!record) throw fail(ErrorCode.INVALID_PRODUCER_ID_MAPPING, `producer ${producerId} has no transactional id`);
    if (producerEpoch < record.producerEpoch) throw this.fenced(record, producerEpoch);
    if (producerEpoch > record.producerEpoch)
      throw fail(ErrorCode.INVALID_PRODUCER_EPOCH, `producer ${producerId} epoch ${producerEpoch} is unknown`);
    if (record.state !== 'Ongoing' || !record.partitions.some((p) => p.topic === topic && p.partition === partition))
      throw fail(ErrorCode.INVALID_TXN_STATE, `${topic}-${partition} was not added to the transaction`);
  }

  /** Aborts the transactions open longer than their timeout (also run on a timer); returns how many. */
  abortTimedOut(): number {
    const now = this.now();
    let aborted = 0;
    for (const record of this.records.values()) {
      if (record.state !== 'Ongoing' || this.completing.has(record.transactionalId)) continue;
      if (record.startedAt < 0 || now - record.startedAt <= record.timeoutMs) continue;
      this.options.log.info(
        { transactionalId: record.transactionalId, timeoutMs: record.timeoutMs },
        'aborting a transaction past its timeout',
      );
      // The epoch is bumped so the producer, if it is still there, is fenced (Kafka does the same).
      this.bumpEpoch(record);
      record.state = 'PrepareAbort';
      this.save(record);
      void this.complete(record, 'timeout-abort');
      aborted++;
    }
    return aborted;
  }

  /** True when an open or deciding transaction holds offsets for this group's partition (KIP-447 require_stable). */
  hasPendingOffsets(groupId: string, topic: string, partition: number): boolean {
    for (const record of this.records.values()) {
      if (record.offsets.length === 0) continue;
      if (record.offsets.some((o) => o.groupId === groupId && o.topic === topic && o.partition === partition))
        return true;
    }
    return false;
  }

  // ------------------------------------------------------------ views

  list(): TransactionView[] {
    return [...this.records.values()].map((r) => this.view(r));
  }

  describe(transactionalId: string): TransactionView | undefined {
    const record = this.records.get(transactionalId);
    return record && this.view(record);
  }

  private view(r: TransactionRecord): TransactionView {
    return {
      transactionalId: r.transactionalId,
      producerId: r.producerId,
      producerEpoch: r.producerEpoch,
      state: r.state,
      timeoutMs: r.timeoutMs,
      startTimeMs: r.startedAt,
      ageMs: r.startedAt < 0 ? -1 : Math.max(0, this.now() - r.startedAt),
      partitions: r.partitions.map((p) => ({ ...p })),
      groups: [...r.groups],
    };
  }

  // ------------------------------------------------------------ internals

  /** The record after checking producer id and epoch; throws the error to answer. */
  private checkProducer(transactionalId: string, producerId: number, producerEpoch: number): TransactionRecord {
    const record = this.records.get(transactionalId);
    if (!record) throw fail(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, `unknown transactional id ${transactionalId}`);
    if (record.producerId !== producerId) {
      // A producer id the id used before was fenced when it moved on.
      throw fail(ErrorCode.INVALID_PRODUCER_ID_MAPPING, `producer ${producerId} is not ${transactionalId}'s`);
    }
    if (producerEpoch < record.producerEpoch) throw this.fenced(record, producerEpoch);
    if (producerEpoch > record.producerEpoch)
      throw fail(ErrorCode.INVALID_PRODUCER_EPOCH, `epoch ${producerEpoch} is newer than ${record.producerEpoch}`);
    return record;
  }

  private fenced(record: TransactionRecord, producerEpoch: number): ProtocolError {
    this.options.onEvent?.({ type: 'fenced', transactionalId: record.transactionalId, producerId: record.producerId });
    return fail(
      ErrorCode.PRODUCER_FENCED,
      `producer ${record.producerId} epoch ${producerEpoch} was fenced by epoch ${record.producerEpoch}`,
    );
  }

  /** The record, Ongoing (a transaction begins if none is open). */
  private openFor(transactionalId: string, producerId: number, producerEpoch: number): TransactionRecord {
    const record = this.checkProducer(transactionalId, producerId, producerEpoch);
    if (this.completing.has(transactionalId) || record.state === 'PrepareCommit' || record.state === 'PrepareAbort')
      throw fail(ErrorCode.CONCURRENT_TRANSACTIONS, 'the previous transaction is still being completed');
    if (record.state !== 'Ongoing') {
      record.state = 'Ongoing';
      record.partitions = [];
      record.groups = [];
      record.offsets = [];
      record.startedAt = this.now();
    }
    return record;
  }

  private checkCompleted(record: TransactionRecord, commit: boolean): void {
    if (record.state !== (commit ? 'CompleteCommit' : 'CompleteAbort'))
      throw fail(ErrorCode.CONCURRENT_TRANSACTIONS, 'writing the transaction markers failed; retry');
  }

  /** Writes the markers (and on commit the offsets) of a Prepare* transaction, then marks it complete. */
  private complete(record: TransactionRecord, reason?: 'timeout-abort'): Promise<void> {
    const existing = this.completing.get(record.transactionalId);
    if (existing) return existing;
    const run = this.writeMarkers(record, reason).finally(() => this.completing.delete(record.transactionalId));
    this.completing.set(record.transactionalId, run);
    return run;
  }

  private async writeMarkers(record: TransactionRecord, reason?: 'timeout-abort'): Promise<void> {
    const commit = record.state === 'PrepareCommit';
    const { producerId, producerEpoch, transactionalId } = record;
    try {
      await Promise.all(
        record.partitions.map(async ({ topic, partition }) => {
          const log = this.options.partitionLog(topic, partition);
          if (!log) return; // deleted since: nothing left to mark
          try {
            await log.appendMarker(producerId, producerEpoch, commit);
          } catch (err) {
            if (err instanceof ProtocolError && err.code === ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) return;
            throw err;
          }
        }),
      );
      if (commit) this.writeOffsets(record.offsets);
    } catch (err) {
      // Left in Prepare*: a retried EndTxn, InitProducerId or the next restart completes it.
      this.options.log.error({ err, transactionalId }, 'writing transaction markers failed');
      return;
    }
    const partitions = record.partitions.length;
    record.state = commit ? 'CompleteCommit' : 'CompleteAbort';
    record.partitions = [];
    record.groups = [];
    record.offsets = [];
    record.startedAt = -1;
    this.save(record);
    this.options.onEvent?.({ type: commit ? 'commit' : (reason ?? 'abort'), transactionalId, partitions });
  }

  private writeOffsets(offsets: readonly TxnOffset[]): void {
    const byGroup = new Map<string, TxnOffset[]>();
    for (const o of offsets) byGroup.set(o.groupId, [...(byGroup.get(o.groupId) ?? []), o]);
    for (const [groupId, list] of byGroup) {
      const errorCode = this.options.groups(groupId).writeTransactionalOffsets(groupId, list);
      if (errorCode !== ErrorCode.NONE) throw fail(errorCode, `writing the offsets of group ${groupId} failed`);
    }
  }

  private bumpEpoch(record: TransactionRecord): void {
    this.byProducerId.delete(record.producerId);
    if (record.producerEpoch >= MAX_EPOCH) {
      record.producerId = this.options.producerIds.next();
      record.producerEpoch = 0;
    } else {
      record.producerEpoch++;
    }
    this.byProducerId.set(record.producerId, record);
  }

  private save(record: TransactionRecord): void {
    record.updatedAt = this.now();
    this.options.store.save(record);
    this.remember(record);
  }

  private remember(record: TransactionRecord): void {
    this.records.set(record.transactionalId, record);
    this.byProducerId.set(record.producerId, record);
  }

  private idResult(record: TransactionRecord): ProducerIdResult {
    return { errorCode: 0, errorMessage: '', producerId: record.producerId, producerEpoch: record.producerEpoch };
  }

  private idError(errorCode: number, errorMessage: string): ProducerIdResult {
    return { errorCode, errorMessage, producerId: -1, producerEpoch: -1 };
  }
}

function setOffset(offsets: TxnOffset[], offset: TxnOffset): void {
  const at = offsets.findIndex(
    (o) => o.groupId === offset.groupId && o.topic === offset.topic && o.partition === offset.partition,
  );
  if (at >= 0) offsets[at] = offset;
  else offsets.push(offset);
}
