// Runs WAL checkpoints on a worker thread with its own SQLite connection, so copying the WAL into
// the database file (and the fsync that follows) never stalls the event loop: measured, a
// checkpoint of one second of full-speed produce blocks ~120 ms.
//
// PASSIVE first: it never waits for the broker's writes. But under steady writes a PASSIVE
// checkpoint never catches up completely, and SQLite only starts the WAL over once one has, so
// the WAL would grow without end. When it holds walMaxBytes or more, a RESTART checkpoint follows:
// it holds new writes back while it copies the little PASSIVE left over, and the next write
// starts the WAL from the beginning.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { DEFAULT_CONFIG } from '../config.js';

/** Copies the WAL into the database file, one checkpoint at a time. */
export interface CheckpointWorker {
  /** Resolves once a checkpoint finished; rejects on an SQLite error or when the worker died. */
  checkpoint(): Promise<void>;
  /** Lets a running checkpoint finish, then stops. */
  close(): Promise<void>;
}

export type CheckpointWorkerFactory = (file: string) => CheckpointWorker;

// An eval'd CommonJS worker: works the same from TypeScript sources (tests) and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const frameBytes = db.pragma('page_size', { simple: true }) + 24;
parentPort.on('message', (message) => {
  if (message === 'close') { db.close(); parentPort.close(); return; }
  try {
    const [passive] = db.pragma('wal_checkpoint(PASSIVE)');
    if (passive.log * frameBytes >= workerData.walMaxBytes) db.pragma('wal_checkpoint(RESTART)');
    parentPort.postMessage({ ok: true });
  } catch (err) { parentPort.postMessage({ ok: false, error: String(err && err.message) }); }
});
`;

export class WalCheckpointWorker implements CheckpointWorker {
  private readonly worker: Worker;
  private pending: { resolve(): void; reject(err: Error): void } | undefined;
  /** Why the thread is gone, once it is. */
  private dead: Error | undefined;
  private readonly exited: Promise<void>;

  constructor(file: string, walMaxBytes = DEFAULT_CONFIG.walMaxBytes) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, walMaxBytes } });
    this.worker.unref();
    this.worker.on('message', (result: { ok: boolean; error?: string }) => {
      const pending = this.pending;
      this.pending = undefined;
      if (result.ok) pending?.resolve();
      else pending?.reject(new Error(`WAL checkpoint failed: ${result.error}`));
    });
    this.worker.on('error', (err) => this.died(err));
    this.exited = new Promise((resolve) =>
      this.worker.once('exit', (code) => {
        this.died(new Error(`checkpoint worker exited with code ${code}`));
        resolve();
      }),
    );
  }

  checkpoint(): Promise<void> {
    if (this.dead) return Promise.reject(this.dead);
    if (this.pending) return Promise.reject(new Error('a checkpoint is already running'));
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage('checkpoint');
    });
  }

  async close(): Promise<void> {
    if (!this.dead) {
      this.worker.ref(); // keep the process alive until the worker is gone
      this.worker.postMessage('close');
    }
    await this.exited;
  }

  private died(err: Error): void {
    this.dead ??= err;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(err);
  }
}
