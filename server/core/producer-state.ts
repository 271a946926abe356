// Per-partition state of idempotent producers, as Kafka keeps it: for each producer id its epoch
// and the sequence ranges of its last five stored batches. A batch is checked against it before
// it is stored: a retried duplicate is answered with the offset it got the first time, a gap in
// the sequence or an older epoch is refused. Pure logic; the append batcher applies it and
// storage persists it in the same transaction as the batches.
import { ErrorCode, ProtocolError } from '../../protocol/errors.js';
import type { StoredProducerState, StoredSequenceSpan } from '../storage/producer-states.js';

/** How many recent batches per producer are remembered for duplicate detection (Kafka's 5). */
export const REMEMBERED_BATCHES = 5;
const MAX_SEQUENCE = 0x7fffffff;

export type SequenceSpan = StoredSequenceSpan;
/**
 * A producer's state on one partition: its epoch, its last batches (oldest first, at most
 * REMEMBERED_BATCHES), when it last wrote (ms, for expiry) and the first offset of its open
 * transaction here (-1: none).
 */
export type ProducerEntry = StoredProducerState;

/** The producer fields of one incoming batch. */
export interface IncomingBatch {
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export type SequenceCheck = { kind: 'append' } | { kind: 'duplicate'; span: SequenceSpan };

/** The sequence after `sequence`, wrapping to 0 after the int32 maximum as Kafka does. */
export function nextSequence(sequence: number, count = 1): number {
  return (sequence + count) % (MAX_SEQUENCE + 1);
}

/**
 * Decides what to do with a batch given the producer's state on the partition (undefined: none).
 * Throws ProtocolError INVALID_PRODUCER_EPOCH, OUT_OF_ORDER_SEQUENCE_NUMBER or UNKNOWN_PRODUCER_ID.
 */
export function checkSequence(entry: ProducerEntry | undefined, batch: IncomingBatch): SequenceCheck {
  const { producerId, producerEpoch, baseSequence, recordCount } = batch;
  if (producerEpoch < 0 || baseSequence < 0)
    throw new ProtocolError(ErrorCode.INVALID_RECORD, `producer ${producerId} sent epoch or sequence below 0`);
  if (entry === undefined) {
    if (baseSequence !== 0) {
      throw new ProtocolError(
        ErrorCode.UNKNOWN_PRODUCER_ID,
        `no state for producer ${producerId}; its first batch must have sequence 0, got ${baseSequence}`,
      );
    }
    return { kind: 'append' };
  }
  if (producerEpoch < entry.epoch) {
    throw new ProtocolError(
      ErrorCode.INVALID_PRODUCER_EPOCH,
      `producer ${producerId} epoch ${producerEpoch} is older than the current ${entry.epoch}`,
    );
  }
  const last = entry.batches[entry.batches.length - 1];
  if (producerEpoch > entry.epoch || last === undefined) {
    // A new epoch (or a producer whose batches were all markers) starts its sequences over.
    if (baseSequence !== 0) {
      throw new ProtocolError(
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        `producer ${producerId} epoch ${producerEpoch} must start at sequence 0, got ${baseSequence}`,
      );
    }
    return { kind: 'append' };
  }
  const lastSequence = nextSequence(baseSequence, recordCount - 1);
  const duplicate = entry.batches.find((s) => s.firstSequence === baseSequence && s.lastSequence === lastSequence);
  if (duplicate) return { kind: 'duplicate', span: duplicate };
  const expected = nextSequence(last.lastSequence);
  if (baseSequence !== expected) {
    throw new ProtocolError(
      ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
      `producer ${producerId} sent sequence ${baseSequence}, expected ${expected}`,
    );
  }
  return { kind: 'append' };
}

/** The producer's entry after a batch was stored at [baseOffset, lastOffset]; never mutates `entry`. */
export function recordBatch(
  entry: ProducerEntry | undefined,
  batch: IncomingBatch,
  baseOffset: number,
  lastOffset: number,
  now: number,
  transactional: boolean,
): ProducerEntry {
  const sameEpoch = entry !== undefined && entry.epoch === batch.producerEpoch;
  const span: SequenceSpan = {
    firstSequence: batch.baseSequence,
    lastSequence: nextSequence(batch.baseSequence, batch.recordCount - 1),
    baseOffset,
    lastOffset,
  };
  const batches = [...(sameEpoch ? entry.batches : []), span].slice(-REMEMBERED_BATCHES);
  const openTxn = entry !== undefined && entry.txnFirstOffset >= 0 ? entry.txnFirstOffset : -1;
  return {
    producerId: batch.producerId,
    epoch: batch.producerEpoch,
    batches,
    lastTimestamp: now,
    txnFirstOffset: transactional ? (openTxn >= 0 ? openTxn : baseOffset) : openTxn,
  };
}
