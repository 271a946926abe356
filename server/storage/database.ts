// Opens the broker's SQLite database and owns its checkpoint policy.
//
// WAL with automatic checkpoints off: measured, SQLite takes blobs ~4x faster when checkpoints
// are deferred, so the broker copies the WAL into the database file itself, PASSIVE on a timer
// and only when something was written (on a worker thread, see checkpointer.ts, which also retries
// failed checkpoints), and TRUNCATE on close so the WAL file is left empty.
//
// The worker keeps the WAL near walMaxBytes, but only as fast as it is scheduled: on a starved
// machine writes can outrun it. Past twice the bound the writer checkpoints itself, synchronously:
// writes wait (that is the back-pressure) and the WAL never holds much more than twice the bound.
import { mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DEFAULT_CONFIG } from '../config.js';
import type { Logger } from '../logger.js';
import { WalCheckpointWorker, type CheckpointWorkerFactory } from './checkpoint-worker.js';
import { Checkpointer } from './checkpointer.js';
import { applyMigrations } from './migrations.js';

const BUSY_TIMEOUT_MS = 5000;
/**
 * Page size of NEW databases (an existing one keeps its own until converted, docs/operations.md).
 * Measured (scripts/bench/sqlite-page-size.ts): against 4 KiB, batches of 8 KiB and more insert
 * 1.3-2x and checkpoint 1.5-2x cheaper, since a batch takes one or a few pages instead of an
 * overflow chain of 4 KiB ones; 32 and 64 KiB save little more there but every commit rewrites
 * its partly filled pages whole, so single-record commits cost 2x (32 KiB) and 4x (64 KiB).
 */
export const NEW_DATABASE_PAGE_SIZE = 16 * 1024;
const WRITE_PATH_CHECKPOINT_WAIT_MS = 200;

export interface DatabaseOptions {
  memory: boolean;
  dataDir: string;
  checkpointIntervalMs: number;
  /** WAL size from which a checkpoint holds writes back until the WAL can start over. */
  walMaxBytes?: number;
  log: Logger;
  /** Makes the worker that runs checkpoints: a worker thread by default (tests inject faults here). */
  checkpointWorker?: CheckpointWorkerFactory;
}

export class BrokerDatabase {
  readonly db: Database.Database;
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private checkpointer: Checkpointer | undefined;
  private readonly walFile: string | undefined;
  private readonly walHardLimit: number = Infinity;
  private hardCheckpoints = 0;

  constructor(private readonly options: DatabaseOptions) {
    if (options.memory) {
      this.db = new Database(':memory:');
      this.db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
    } else {
      const walMaxBytes = options.walMaxBytes ?? DEFAULT_CONFIG.walMaxBytes;
      mkdirSync(options.dataDir, { recursive: true });
      const file = join(options.dataDir, 'minibroker.db');
      this.db = new Database(file);
      // Only takes effect while the file is still empty: before WAL mode and the first table.
      this.db.pragma(`page_size = ${NEW_DATABASE_PAGE_SIZE}`);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('wal_autocheckpoint = 0');
      // After a checkpoint resets the WAL, keep its file from staying at its high-water mark.
      this.db.pragma(`journal_size_limit = ${walMaxBytes}`);
      this.walFile = `${file}-wal`;
      this.walHardLimit = 2 * walMaxBytes;
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      const createWorker = options.checkpointWorker ?? ((path: string) => new WalCheckpointWorker(path, walMaxBytes));
      // Retries start within one checkpoint interval and back off to at most 10 s (or the interval).
      const interval = options.checkpointIntervalMs;
      this.checkpointer = new Checkpointer(() => createWorker(file), options.log, {
        retryBackoffMs: Math.min(100, interval),
        retryBackoffMaxMs: Math.max(10_000, interval),
      });
      this.timer = setInterval(() => this.checkpoint(), options.checkpointIntervalMs);
      this.timer.unref();
    }
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('foreign_keys = ON');
    applyMigrations(this.db);
  }

  /** Called after each committed write so the next timer tick checkpoints. */
  markWritten(): void {
    this.dirty = true;
    if (this.walFile && (statSync(this.walFile, { throwIfNoEntry: false })?.size ?? 0) > this.walHardLimit)
      this.checkpointNow();
  }

  /** The writer's own RESTART checkpoint: the next write starts the WAL over (and truncates it). */
  private checkpointNow(): void {
    this.hardCheckpoints++;
    // Logged at doubling counts: once per episode of a starved checkpointer, not per write.
    if ((this.hardCheckpoints & (this.hardCheckpoints - 1)) === 0)
      this.options.log.warn(
        { walHardLimit: this.walHardLimit, times: this.hardCheckpoints },
        'WAL past twice walMaxBytes: writes wait for a checkpoint',
      );
    // While the worker is mid-checkpoint this one waits for it, blocking the event loop: briefly
    // at most. If it cannot run now, the next write past the limit tries again.
    this.db.pragma(`busy_timeout = ${WRITE_PATH_CHECKPOINT_WAIT_MS}`);
    try {
      this.db.pragma('wal_checkpoint(RESTART)');
    } catch (err) {
      this.options.log.error({ err }, 'WAL checkpoint on the write path failed');
    } finally {
      this.db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  checkpoint(): void {
    if (!this.dirty || this.closed || !this.checkpointer) return;
    this.dirty = false;
    this.checkpointer.request();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.checkpointer?.close();
    if (!this.options.memory) {
      try {
        this.db.pragma('wal_checkpoint(TRUNCATE)');
      } catch (err) {
        this.options.log.error({ err }, 'final WAL checkpoint failed');
      }
    }
    this.db.close();
  }
}
