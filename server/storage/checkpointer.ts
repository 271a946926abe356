// Runs `PRAGMA wal_checkpoint(PASSIVE)` on a worker thread with its own SQLite connection, so
// copying the WAL into the database file (and the fsync that follows) never stalls the event
// loop: measured, a checkpoint of one second of full-speed produce blocks ~120 ms.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger.js';

// An eval'd CommonJS worker: works the same from TypeScript sources (tests) and from dist/.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
parentPort.on('message', (message) => {
  if (message === 'close') { db.close(); parentPort.close(); return; }
  try { db.pragma('wal_checkpoint(PASSIVE)'); parentPort.postMessage({ ok: true }); }
  catch (err) { parentPort.postMessage({ ok: false, error: String(err && err.message) }); }
});
`;

export class Checkpointer {
  private readonly worker: Worker;
  private running = false;
  private again = false;
  private readonly exited: Promise<void>;

  constructor(file: string, private readonly log: Logger) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver } });
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('error', (err) => log.error({ err }, 'checkpoint worker failed'));
    this.worker.on('message', (result: { ok: boolean; error?: string }) => {
      this.running = false;
      if (!result.ok) log.warn({ error: result.error }, 'WAL checkpoint failed');
      if (this.again) this.request();
    });
  }

  /** Starts a checkpoint, or queues one if a checkpoint is already running. */
  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.again = false;
    this.running = true;
    this.worker.postMessage('checkpoint');
  }

  /** Lets a running checkpoint finish, then stops the worker. */
  async close(): Promise<void> {
    this.worker.ref(); // keep the process alive until the worker is gone
    this.worker.postMessage('close');
    await this.exited;
  }
}
