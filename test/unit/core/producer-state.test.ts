import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../protocol/errors.js';
import { checkSequence, nextSequence, recordBatch, type ProducerEntry } from '../../../server/core/producer-state.js';

const batch = (baseSequence: number, recordCount = 1, producerEpoch = 0) => ({
  producerId: 7,
  producerEpoch,
  baseSequence,
  recordCount,
});

/** The entry after storing batches of `counts` records from sequence 0 at offset 100 on. */
function stored(...counts: number[]): ProducerEntry | undefined {
  let entry: ProducerEntry | undefined;
  let sequence = 0;
  let offset = 100;
  for (const count of counts) {
    entry = recordBatch(entry, batch(sequence, count), offset, offset + count - 1, 1, false);
    sequence += count;
    offset += count;
  }
  return entry;
}

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return (err as { code: number }).code;
  }
  return undefined;
};

describe('checkSequence', () => {
  it('accepts a new producer at sequence 0 and refuses it anywhere else', () => {
    expect(checkSequence(undefined, batch(0))).toEqual({ kind: 'append' });
    expect(codeOf(() => checkSequence(undefined, batch(3)))).toBe(ErrorCode.UNKNOWN_PRODUCER_ID);
  });

  it('accepts the next sequence and refuses a gap', () => {
    const entry = stored(3, 2);
    expect(checkSequence(entry, batch(5))).toEqual({ kind: 'append' });
    expect(codeOf(() => checkSequence(entry, batch(6)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  });

  it('finds a duplicate among the last five batches, with the offsets it was stored at', () => {
    const entry = stored(1, 1, 1, 1, 1, 1); // six batches: the first is forgotten
    expect(checkSequence(entry, batch(1))).toEqual({
      kind: 'duplicate',
      span: { firstSequence: 1, lastSequence: 1, baseOffset: 101, lastOffset: 101 },
    });
    expect(codeOf(() => checkSequence(entry, batch(0)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  });

  it('refuses an older epoch and makes a newer one start at sequence 0', () => {
    const entry = recordBatch(undefined, batch(0, 1, 2), 0, 0, 1, false);
    expect(codeOf(() => checkSequence(entry, batch(1, 1, 1)))).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(checkSequence(entry, batch(0, 1, 3))).toEqual({ kind: 'append' });
    expect(codeOf(() => checkSequence(entry, batch(1, 1, 3)))).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
  });

  it('refuses negative epochs and sequences', () => {
    expect(codeOf(() => checkSequence(undefined, batch(-1)))).toBe(ErrorCode.INVALID_RECORD);
    expect(codeOf(() => checkSequence(undefined, batch(0, 1, -1)))).toBe(ErrorCode.INVALID_RECORD);
  });

  it('wraps sequences after the int32 maximum, as Kafka does', () => {
    expect(nextSequence(0x7fffffff)).toBe(0);
    const entry = recordBatch(undefined, batch(0), 0, 0, 1, false);
    const nearEnd = {
      ...entry,
      batches: [{ firstSequence: 0x7ffffffe, lastSequence: 0x7fffffff, baseOffset: 0, lastOffset: 1 }],
    };
    expect(checkSequence(nearEnd, batch(0))).toEqual({ kind: 'append' });
  });
});

describe('recordBatch', () => {
  it('keeps the last five batches of the current epoch and starts over on a new epoch', () => {
    const entry = stored(1, 1, 1, 1, 1, 1, 1)!;
    expect(entry.batches.map((b) => b.firstSequence)).toEqual([2, 3, 4, 5, 6]);
    const bumped = recordBatch(entry, batch(0, 1, 1), 200, 200, 2, false);
    expect(bumped).toMatchObject({ epoch: 1, batches: [{ firstSequence: 0, baseOffset: 200 }], lastTimestamp: 2 });
  });

  it("remembers the first offset of the producer's open transaction", () => {
    const first = recordBatch(undefined, batch(0, 2), 10, 11, 1, true);
    const second = recordBatch(first, batch(2, 1), 15, 15, 1, true);
    expect(second.txnFirstOffset).toBe(10);
    expect(recordBatch(undefined, batch(0), 3, 3, 1, false).txnFirstOffset).toBe(-1);
  });
});
