// Runs WAL checkpoints one at a time on a checkpoint worker, and keeps them running whatever
// fails: a failed checkpoint is retried with capped exponential backoff (the WAL still holds the
// frames, so a retry is due even when nothing new is written), and a worker that died is replaced.
// The first failure logs a warning, repeats only at doubling counts, and recovery one info line.
import type { Logger } from '../logger.js';
import type { CheckpointWorker } from './checkpoint-worker.js';

export interface CheckpointerOptions {
  /** Wait before the first retry; doubles with each failure in a row. */
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
}

export const DEFAULT_CHECKPOINT_RETRY: CheckpointerOptions = { retryBackoffMs: 100, retryBackoffMaxMs: 10_000 };

export class Checkpointer {
  private worker: CheckpointWorker | undefined;
  private running = false;
  private again = false;
  private closed = false;
  private failures = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly createWorker: () => CheckpointWorker,
    private readonly log: Logger,
    private readonly options: CheckpointerOptions = DEFAULT_CHECKPOINT_RETRY,
  ) {}

  /** Starts a checkpoint, or queues one if a checkpoint is running or a retry is waiting. */
  request(): void {
    if (this.closed) return;
    if (this.running || this.retryTimer) {
      this.again = true;
      return;
    }
    this.again = false;
    this.running = true;
    this.current = this.run();
  }

  /** Lets a running checkpoint finish, cancels any retry, then stops the worker. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    await this.current;
    await this.worker?.close();
  }

  private async run(): Promise<void> {
    try {
      this.worker ??= this.createWorker();
      await this.worker.checkpoint();
      if (this.failures > 0) this.log.info({ failures: this.failures }, 'WAL checkpoints resumed');
      this.failures = 0;
    } catch (err) {
      this.failed(err);
      return;
    } finally {
      this.running = false;
    }
    if (this.again) this.request();
  }

  private failed(err: unknown): void {
    this.failures++;
    // Whatever went wrong, the next attempt gets a fresh worker thread and SQLite connection.
    const broken = this.worker;
    this.worker = undefined;
    broken?.close().catch(() => {});
    if (this.closed) return;
    const delayMs = Math.min(this.options.retryBackoffMs * 2 ** (this.failures - 1), this.options.retryBackoffMaxMs);
    const isPowerOfTwo = (this.failures & (this.failures - 1)) === 0;
    if (isPowerOfTwo)
      this.log.warn({ err, failures: this.failures, retryInMs: delayMs }, 'WAL checkpoint failed; retrying');
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.request();
    }, delayMs);
    this.retryTimer.unref();
  }
}
