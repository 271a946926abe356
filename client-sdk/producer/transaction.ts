// producer.transaction(), KafkaJS-shaped: send and sendBatch inside the transaction, sendOffsets
// to commit a consumer's offsets with it, then commit() or abort(). One transaction at a time per
// producer; a send that failed makes commit() throw, and the application then aborts.
import type { ProducerBatchRecord, ProducerRecord, RecordMetadata } from '../types.js';
import { MinibrokerError } from '../errors.js';
import type { OffsetsToSend } from './transaction-manager.js';

/** What a Transaction needs from its producer. */
export interface TransactionHost {
  sendBatch(batch: ProducerBatchRecord): Promise<RecordMetadata[]>;
  sendOffsets(offsets: OffsetsToSend): Promise<void>;
  /** Waits for every send in progress; resolves with the first that failed, if any. */
  settleSends(): Promise<Error | undefined>;
  end(commit: boolean): Promise<void>;
}

export class Transaction {
  private active = true;
  private failure: Error | undefined;

  constructor(private readonly host: TransactionHost) {}

  isActive(): boolean {
    return this.active;
  }

  send(record: ProducerRecord): Promise<RecordMetadata[]> {
    return this.sendBatch({
      topicMessages: [{ topic: record.topic, messages: record.messages }],
      acks: record.acks,
      timeout: record.timeout,
    });
  }

  sendBatch(batch: ProducerBatchRecord): Promise<RecordMetadata[]> {
    if (!this.active) return Promise.reject(inactive());
    return this.host.sendBatch(batch).catch((error: unknown) => {
      this.failure ??= error as Error;
      throw error;
    });
  }

  /** Commits the consumer's offsets with the transaction (AddOffsetsToTxn + TxnOffsetCommit). */
  async sendOffsets(offsets: OffsetsToSend): Promise<void> {
    if (!this.active) throw inactive();
    await this.host.sendOffsets(offsets);
  }

  /** Waits for the transaction's sends, then commits it; throws (leaving it open for abort()) if a send failed. */
  async commit(): Promise<void> {
    if (!this.active) throw inactive();
    const failed = (await this.host.settleSends()) ?? this.failure;
    if (failed) {
      throw new MinibrokerError(`cannot commit: a send of the transaction failed (${failed.message}); abort it`, {
        cause: failed,
      });
    }
    await this.host.end(true);
    this.active = false;
  }

  async abort(): Promise<void> {
    if (!this.active) throw inactive();
    await this.host.settleSends();
    await this.host.end(false);
    this.active = false;
  }
}

function inactive(): MinibrokerError {
  return new MinibrokerError('the transaction is no longer active (committed or aborted)');
}
