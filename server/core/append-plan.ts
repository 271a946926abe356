// Where each batch of one append goes: offsets for the batches to store, and for batches of
// idempotent producers the sequence check (producer-state.ts) first. A retried duplicate is not
// stored again; the append is answered with the offset it got the first time.
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
): AppendPlan {
  const producers = new Map<number, ProducerEntry>();
  const stored: PlannedBatch[] = [];
  let baseOffset: number | undefined;
  let end = endOffset;
  for (const batch of batches) {
    if (batch.producerId >= 0) {
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
  return { baseOffset: baseOffset ?? end, stored, endOffset: end, producers };
}
