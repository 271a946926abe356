// Bounds the record bytes all Fetches together read from the store in one turn of the event loop.
// Reading (and the page faults of the fresh buffers) costs ~1-2 ms per MiB; a read that finds this
// turn's allowance spent waits for the next turn, so requests of other clients are served between.
import { setImmediate as nextTurn } from 'node:timers/promises';

/** Bytes read from the store per event-loop turn before other work gets a turn. */
export const READ_STEP_BYTES = 1024 * 1024;

export class ReadPacer {
  private readThisTurn = 0;
  private resetScheduled = false;

  constructor(readonly stepBytes = READ_STEP_BYTES) {}

  /** Bytes that may still be read in this turn (0: wait for the next one). */
  get allowance(): number {
    return Math.max(0, this.stepBytes - this.readThisTurn);
  }

  /** Resolves in a later turn, after this turn's allowance is renewed. */
  nextTurn(): Promise<void> {
    return nextTurn();
  }

  spend(bytes: number): void {
    this.readThisTurn += bytes;
    if (this.resetScheduled) return;
    // Scheduled before any read that waits for the next turn, so it runs first there.
    this.resetScheduled = true;
    setImmediate(() => {
      this.readThisTurn = 0;
      this.resetScheduled = false;
    });
  }
}
