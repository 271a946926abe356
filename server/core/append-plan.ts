// Where each batch of one append goes: offsets for the batches to store, and for batches of
// idempotent producers the sequence check (producer-state.ts) first. A retried duplicate is not
// stored again; the append is answered with the offset it got the first time.
import { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import type { BatchInfo } from '../../protocol/record-batch.js';
import { checkSequence, recordBatch, type ProducerEntry } from './producer-state.js';

export interface PlannedBatch {
  batch: BatchInfo;
  baseOffset: number;
}

export interface AppendPlan {
  /** The offset the append is answered with: its first batch's (the original one for a duplicate). */
  baseOffset: number;
  /** The batches to store, with their base offsets. */
  stored: PlannedBatch[];
  /** The log end after the stored batches. */
  endOffset: number;
  /** The producers' entries as they are once the batches are stored. */
  producers: Map<number, ProducerEntry>;
  /** Transactions an abort marker of this append ends: first offset, marker offset. */
  aborted: { producerId: number; firstOffset: number; lastOffset: number }[];
}

/** A transaction marker's meaning (the batch itself is a control batch). */
export interface MarkerInfo {
  commit: boolean;
}

/**
 * Plans an append at `endOffset`; `producerOf` gives a producer's current entry. Throws the
 * sequence check's ProtocolError, and then nothing of the append may be stored.
 */
export function planAppend(
  batches: readonly BatchInfo[],
  endOffset: number,
  producerOf: (producerId: number) => ProducerEntry | undefined,
  now: number,
  marker?: MarkerInfo,
): AppendPlan {
  const producers = new Map<number, ProducerEntry>();
  const aborted: AppendPlan['aborted'] = [];
  const stored: PlannedBatch[] = [];
  let baseOffset: number | undefined;
  let end = endOffset;
  for (const batch of batches) {
    if (batch.control) {
      const entry = producers.get(batch.producerId) ?? producerOf(batch.producerId);
      producers.set(batch.producerId, endTransaction(entry, batch, end, now, marker, aborted));
    } else if (batch.producerId >= 0) {
      const entry = producers.get(batch.producerId) ?? producerOf(batch.producerId);
      const check = checkSequence(entry, batch);
      if (check.kind === 'duplicate') {
        baseOffset ??= check.span.baseOffset;
        continue;
      }
      producers.set(
        batch.producerId,
        recordBatch(entry, batch, end, end + batch.lastOffsetDelta, now, batch.transactional),
      );
    }
    baseOffset ??= end;
    stored.push({ batch, baseOffset: end });
    end += batch.recordCount;
  }
  return { baseOffset: baseOffset ?? end, stored, endOffset: end, producers, aborted };
}

/** The producer's entry after a marker at `offset`: no open transaction, the marker's epoch (which fences older ones). */
function endTransaction(
  entry: ProducerEntry | undefined,
  batch: BatchInfo,
  offset: number,
  now: number,
  marker: MarkerInfo | undefined,
  aborted: AppendPlan['aborted'],
): ProducerEntry {
  if (!marker) throw new ProtocolError(ErrorCode.INVALID_RECORD, 'producers may not send control batches');
  if (entry && batch.producerEpoch < entry.epoch) {
    throw new ProtocolError(
      ErrorCode.PRODUCER_FENCED,
      `marker epoch ${batch.producerEpoch} is older than producer ${batch.producerId}'s epoch ${entry.epoch}`,
    );
  }
  if (!marker.commit && entry && entry.txnFirstOffset >= 0)
    aborted.push({ producerId: batch.producerId, firstOffset: entry.txnFirstOffset, lastOffset: offset });
  return {
    producerId: batch.producerId,
    epoch: batch.producerEpoch,
    batches: entry && entry.epoch === batch.producerEpoch ? entry.batches : [],
    lastTimestamp: now,
    txnFirstOffset: -1,
  };
}
