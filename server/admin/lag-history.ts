// Each consumer group's total lag over the last minutes, kept on the broker so the console's
// chart is full when its page opens: a bounded ring of samples per group, sampled on a timer.

export interface LagSample {
  /** Milliseconds since the epoch. */
  at: number;
  lag: number;
}

/** A fixed-size ring: pushing past capacity overwrites the oldest sample. Typed arrays keep it
 *  at 16 bytes a sample, whatever the number of groups. */
export class SampleRing {
  private readonly at: Float64Array;
  private readonly lag: Float64Array;
  private next = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
    this.at = new Float64Array(capacity);
    this.lag = new Float64Array(capacity);
  }

  push(sample: LagSample): void {
    this.at[this.next] = sample.at;
    this.lag[this.next] = sample.lag;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }

  /** Oldest first. */
  samples(): LagSample[] {
    const out: LagSample[] = [];
    const first = (this.next - this.size + this.capacity) % this.capacity;
    for (let i = 0; i < this.size; i++) {
      const slot = (first + i) % this.capacity;
      out.push({ at: this.at[slot]!, lag: this.lag[slot]! });
    }
    return out;
  }
}

export class LagHistory {
  private readonly rings = new Map<string, SampleRing>();

  constructor(readonly capacity: number) {}

  /**
   * Records one sample per group; groups missing from `lags` (deleted, expired) are forgotten,
   * so the map never outgrows the groups the broker holds.
   */
  record(lags: ReadonlyMap<string, number>, at: number): void {
    for (const groupId of this.rings.keys()) if (!lags.has(groupId)) this.rings.delete(groupId);
    for (const [groupId, lag] of lags) {
      let ring = this.rings.get(groupId);
      if (!ring) this.rings.set(groupId, (ring = new SampleRing(this.capacity)));
      ring.push({ at, lag });
    }
  }

  /** The group's samples, oldest first; empty for a group not sampled yet. */
  samples(groupId: string): LagSample[] {
    return this.rings.get(groupId)?.samples() ?? [];
  }
}
