import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../../../protocol/errors.js';
import { fencedAsKnownTo } from '../../../../server/kafka/producer-fenced.js';

describe('PRODUCER_FENCED for older request versions', () => {
  it('becomes INVALID_PRODUCER_EPOCH below the version that introduced it', () => {
    expect(fencedAsKnownTo(ErrorCode.PRODUCER_FENCED, 1, 2)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });

  it('stays as it is from that version on', () => {
    expect(fencedAsKnownTo(ErrorCode.PRODUCER_FENCED, 2, 2)).toBe(ErrorCode.PRODUCER_FENCED);
  });

  it('leaves every other error code alone', () => {
    expect(fencedAsKnownTo(ErrorCode.INVALID_TXN_STATE, 0, 2)).toBe(ErrorCode.INVALID_TXN_STATE);
  });
});
