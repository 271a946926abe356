// The processing loop: takes prefetched batches (never two of one partition at once, up to
// partitionsConsumedConcurrently partitions in parallel), calls eachBatch or eachMessage,
// resolves offsets, retries a failing handler on the same message, then crashes.
import { MinibrokerProtocolError, type MinibrokerError } from '../errors.js';
import type { Retrier } from '../network/retry.js';
import { Batch, type KafkaMessage } from './batch.js';
import { ConsumerEvents, type ConsumerEmitter } from './events.js';
import type { Fetcher } from './fetcher.js';
import type { OffsetManager } from './offset-manager.js';
import type { PartitionState, SubscriptionState } from './subscription-state.js';

export interface EachMessagePayload {
  topic: string;
  partition: number;
  message: KafkaMessage;
  heartbeat: () => Promise<void>;
  /** Pauses this partition; returns a function that resumes it. */
  pause: () => () => void;
}

export interface EachBatchPayload {
  batch: Batch;
  resolveOffset: (offset: string) => void;
  heartbeat: () => Promise<void>;
  pause: () => () => void;
  commitOffsetsIfNecessary: () => Promise<void>;
  uncommittedOffsets: () => ReturnType<OffsetManager['uncommittedOffsets']>;
  isRunning: () => boolean;
  isStale: () => boolean;
}

export interface RunConfig {
  eachMessage?: (payload: EachMessagePayload) => Promise<void> | void;
  eachBatch?: (payload: EachBatchPayload) => Promise<void> | void;
  /** Resolve the batch's last offset after eachBatch returns (default true). */
  eachBatchAutoResolve?: boolean;
  partitionsConsumedConcurrently?: number;
  /** Group consumers: commit processed offsets automatically (default true). */
  autoCommit?: boolean;
  /** Milliseconds between automatic commits (default 5000). */
  autoCommitInterval?: number;
  /** Also commit once this many records were processed since the last commit. */
  autoCommitThreshold?: number;
}

export interface RunnerHooks {
  pause(state: PartitionState): () => void;
  onCrash(error: MinibrokerError): void;
  /** The payloads' heartbeat() (the group's; a no-op without a group). */
  heartbeat?: () => Promise<void>;
  /** After each batch: the group commits when autoCommit says so. */
  afterBatch?(): void;
}

const noHeartbeat = async () => {};

export class Runner {
  private running = false;
  private active = 0;
  /** stop() callers waiting for the handlers in progress (a rebalance and a stop may both wait). */
  private readonly idle: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly heartbeat: () => Promise<void>;
  /** When the handler call in progress on each partition started (maxPollInterval watchdog). */
  private readonly calls = new Map<PartitionState, number>();
  /** drain() callers, each waiting for its partitions' handler calls to end. */
  private readonly drains = new Set<{ waiting: Set<PartitionState>; done: () => void }>();

  constructor(
    private readonly subscriptions: SubscriptionState,
    private readonly offsets: OffsetManager,
    private readonly fetcher: Fetcher,
    private readonly config: RunConfig,
    private readonly retrier: Retrier,
    private readonly emitter: ConsumerEmitter,
    private readonly hooks: RunnerHooks,
  ) {
    this.concurrency = Math.max(1, config.partitionsConsumedConcurrently ?? 1);
    this.heartbeat = hooks.heartbeat ?? noHeartbeat;
  }

  /** How long the longest handler call in progress has been running; 0 when none is. */
  longestHandlerMs(): number {
    let oldest = Infinity;
    for (const since of this.calls.values()) oldest = Math.min(oldest, since);
    return oldest === Infinity ? 0 : Date.now() - oldest;
  }

  get isRunning(): boolean {
    return this.running;
  }

  start(): void {
    this.running = true;
    this.schedule();
  }

  /** Stops taking batches and waits for the handlers in progress. */
  stop(): Promise<void> {
    this.running = false;
    if (this.active === 0) return Promise.resolve();
    return new Promise<void>((resolve) => void this.idle.push(resolve));
  }

  /**
   * Waits for the handler calls in progress on these partitions, the others going on (cooperative
   * revocation). The caller first makes their batches stale (epoch bump) and takes them out of the
   * assignment, so each call stops after the message it is on and nothing new starts.
   */
  drain(states: Iterable<PartitionState>): Promise<void> {
    const waiting = new Set([...states].filter((state) => state.processing));
    if (waiting.size === 0) return Promise.resolve();
    return new Promise<void>((done) => void this.drains.add({ waiting, done }));
  }

  /** Starts handlers for ready partitions while there is capacity. */
  schedule(): void {
    while (this.running && this.active < this.concurrency) {
      const state = this.subscriptions.nextReady();
      if (!state) return;
      const fetched = state.buffered.shift()!;
      this.fetcher.notifyDrained(state);
      if (fetched.epoch !== state.epoch) continue;
      const batch = fetched.toBatch();
      state.processing = true;
      this.active++;
      void this.process(state, batch)
        .catch((error: unknown) => {
          if (this.running) this.hooks.onCrash(MinibrokerProtocolError.from(error));
        })
        .finally(() => {
          this.calls.delete(state);
          this.hooks.afterBatch?.();
          state.processing = false;
          this.settled(state);
          this.active--;
          if (this.active === 0) for (const resolve of this.idle.splice(0)) resolve();
          this.schedule();
        });
    }
  }

  private settled(state: PartitionState): void {
    for (const drain of this.drains) {
      if (!drain.waiting.delete(state) || drain.waiting.size > 0) continue;
      this.drains.delete(drain);
      drain.done();
    }
  }

  private async process(state: PartitionState, batch: Batch): Promise<void> {
    const started = Date.now();
    const describe = () => ({
      topic: batch.topic,
      partition: batch.partition,
      highWatermark: batch.highWatermark,
      offsetLag: batch.offsetLag(),
      offsetLagLow: batch.offsetLagLow(),
      batchSize: batch.messages.length,
      firstOffset: batch.firstOffset(),
      lastOffset: batch.lastOffset(),
    });
    this.emitter.emit(ConsumerEvents.START_BATCH_PROCESS, describe);
    if (this.config.eachBatch) await this.processBatch(state, batch);
    else await this.processMessages(state, batch);
    this.emitter.emit(ConsumerEvents.END_BATCH_PROCESS, () => ({ ...describe(), duration: Date.now() - started }));
  }

  private current(state: PartitionState, batch: Batch): boolean {
    return this.running && !state.paused && batch.epoch === state.epoch;
  }

  private async processMessages(state: PartitionState, batch: Batch): Promise<void> {
    const eachMessage = this.config.eachMessage!;
    const { topic, partition, messages } = batch;
    const pause = () => this.hooks.pause(state);
    const heartbeat = this.heartbeat;
    const position = state.positionEpoch;
    for (let i = this.firstUnprocessed(state, batch); i < messages.length; i++) {
      if (!this.current(state, batch)) return;
      const message = messages[i]!;
      const payload: EachMessagePayload = { topic, partition, message, heartbeat, pause };
      this.calls.set(state, Date.now());
      try {
        const result = eachMessage(payload);
        if (result) await result;
      } catch (error) {
        let processed = false;
        // Retry the same message with backoff; the retrier's last error crashes the consumer.
        await this.retrier(
          async ({ bail }) => {
            if (!this.current(state, batch)) return;
            try {
              this.calls.set(state, Date.now());
              await eachMessage(payload);
              processed = true;
            } catch (error) {
              if (!this.running) bail(error);
              throw error;
            }
          },
          { shouldRetry: () => true, previousFailure: { error } },
        );
        if (!processed) return;
      }
      // Processed, even if the handler paused the partition (resume continues after it).
      if (state.positionEpoch === position) this.offsets.resolveOffset(state, Number(message.offset) + 1);
    }
  }

  /** Index of the first message not processed yet: a re-fetch may overlap what was handled. */
  private firstUnprocessed(state: PartitionState, batch: Batch): number {
    const next = this.offsets.nextOffset(state);
    if (next === undefined || batch.messages.length === 0 || Number(batch.messages[0]!.offset) >= next) return 0;
    const index = batch.messages.findIndex((m) => Number(m.offset) >= next);
    return index < 0 ? batch.messages.length : index;
  }

  private async processBatch(state: PartitionState, fetched: Batch): Promise<void> {
    const eachBatch = this.config.eachBatch!;
    const position = state.positionEpoch;
    const skip = this.firstUnprocessed(state, fetched);
    if (skip >= fetched.messages.length && !fetched.isEmpty()) return;
    const batch =
      skip === 0
        ? fetched
        : new Batch(
            fetched.topic,
            fetched.partition,
            fetched.highWatermark,
            fetched.messages.slice(skip),
            fetched.epoch,
          );
    const heartbeat = this.heartbeat;
    const call = (current: Batch) => (
      this.calls.set(state, Date.now()),
      eachBatch({
        batch: current,
        resolveOffset: (offset) => {
          if (state.positionEpoch === position) this.offsets.resolveOffset(state, Number(offset) + 1);
        },
        heartbeat,
        pause: () => this.hooks.pause(state),
        commitOffsetsIfNecessary: () => this.offsets.commitOffsetsIfNecessary(),
        uncommittedOffsets: () => this.offsets.uncommittedOffsets(),
        isRunning: () => this.running,
        isStale: () => current.epoch !== state.epoch,
      })
    );
    let completed = true;
    try {
      await call(batch);
    } catch (error) {
      completed = false;
      await this.retrier(
        async ({ bail }) => {
          if (!this.current(state, batch)) return;
          // A retry hands over only the messages not resolved yet.
          const next = this.offsets.nextOffset(state) ?? 0;
          const rest = batch.messages.filter((m) => Number(m.offset) >= next);
          if (rest.length === 0) return;
          try {
            await call(
              rest.length === batch.messages.length
                ? batch
                : new Batch(batch.topic, batch.partition, batch.highWatermark, rest, batch.epoch),
            );
            completed = true;
          } catch (error) {
            if (!this.running) bail(error);
            throw error;
          }
        },
        { shouldRetry: () => true, previousFailure: { error } },
      );
    }
    // A handler that returned because the consumer stops, or its batch went stale (revoke, seek,
    // pause), may have left records unprocessed: only its resolveOffset calls count then.
    const untouched = this.running && batch.epoch === state.epoch && state.positionEpoch === position;
    if ((this.config.eachBatchAutoResolve ?? true) && completed && untouched && !batch.isEmpty()) {
      this.offsets.resolveOffset(state, Number(batch.lastOffset()) + 1);
    }
  }
}
