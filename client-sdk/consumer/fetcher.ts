// Fetches for the assigned partitions: one loop per leader broker, each keeping one long-polling
// Fetch in flight. A loop fetches again as soon as a response is buffered, for the partitions
// that have fewer than PREFETCH_DEPTH batches waiting, so the next response arrives while the
// handler works on the current one (prefetch) and memory stays bounded. A backlogged partition
// never holds the others back: a partition added to a busy consumer (cooperative rebalancing)
// is fetched at once, and one the handler empties supersedes a long poll that leaves it out.
// A seek, pause or resume supersedes a long poll in flight; its late answer is used only for
// partitions whose fetch position it still matches.
import { ErrorCode } from '../../protocol/errors.js';
import type { FetchResponse, FetchTopic } from '../../protocol/messages.js';
import {
  isBrokerUnreachable,
  MinibrokerCorruptBatchError,
  MinibrokerError,
  MinibrokerProtocolError,
} from '../errors.js';
import type { Logger } from '../logger.js';
import type { Cluster } from '../network/cluster.js';
import { isRetriable, outageDelay, retryDelay, sleep, type ResolvedRetryOptions } from '../network/retry.js';
import { scanUsableBatches, type CorruptBatch } from '../../protocol/record-batch.js';
import { FetchedRecords } from './batch.js';
import { ConsumerEvents, type ConsumerEmitter } from './events.js';
import type { OffsetManager } from './offset-manager.js';
import { Signal } from './signal.js';
import type { PartitionState, SubscriptionState } from './subscription-state.js';

export interface FetcherOptions {
  maxWaitTimeInMs: number;
  minBytes: number;
  maxBytes: number;
  maxBytesPerPartition: number;
  autoOffsetReset: 'earliest' | 'latest' | 'none';
  /** 0 = read_uncommitted, 1 = read_committed. */
  isolationLevel: number;
  requestTimeout: number;
  retry: ResolvedRetryOptions;
}

export interface FetcherHooks {
  onData(): void;
  onCrash(error: MinibrokerError): void;
}

/** Responses per partition fetched ahead of the handler: the next fetch goes out while this many wait. */
const PREFETCH_DEPTH = 2;

/** Superseded fetches a loop lets run on before it waits for its current one instead. */
const MAX_SUPERSEDED = 2;

export class Fetcher {
  private running = false;
  private readonly loops = new Map<number, Promise<void>>();
  private readonly wake = new Signal();
  private readonly resets = new Signal();
  /** Partitions in a long poll now (superseded ones excluded). */
  private readonly polling = new Set<PartitionState>();
  /** Aborted by stop(): a loop backing off during an outage ends at once. */
  private stopSignal = new AbortController();

  constructor(
    private readonly cluster: Cluster,
    private readonly subscriptions: SubscriptionState,
    private readonly offsets: OffsetManager,
    private readonly options: FetcherOptions,
    private readonly hooks: FetcherHooks,
    private readonly emitter: ConsumerEmitter,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (!this.running) this.stopSignal = new AbortController();
    this.running = true;
    this.ensureLoops();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.stopSignal.abort();
    this.wake.notify();
    this.resets.notify();
    await Promise.allSettled([...this.loops.values()]);
  }

  /** The runner took prefetched data: a loop may fetch again, now if `state` ran dry outside the poll in flight. */
  notifyDrained(state?: PartitionState): void {
    this.wake.notify();
    if (state && state.buffered.length === 0 && !state.paused && !this.polling.has(state)) this.resets.notify();
  }

  /** Positions or pauses changed: supersede long polls in flight. */
  notifyReset(): void {
    if (this.running) this.ensureLoops();
    this.wake.notify();
    this.resets.notify();
  }

  /** Starts a loop for every leader of an assigned partition that has none. */
  ensureLoops(): void {
    if (!this.running) return;
    for (const state of this.subscriptions.all()) {
      const nodeId = this.cluster.leaderFor(state.topic, state.partition);
      if (nodeId < 0 || this.loops.has(nodeId)) continue;
      const loop = this.loop(nodeId).finally(() => this.loops.delete(nodeId));
      this.loops.set(nodeId, loop);
    }
  }

  private async loop(nodeId: number): Promise<void> {
    let failures = 0;
    let outages = 0;
    let superseded = 0;
    while (this.running) {
      const states = this.subscriptions
        .all()
        .filter((s) => !s.paused && this.cluster.leaderFor(s.topic, s.partition) === nodeId);
      try {
        if (states.some((s) => s.fetchOffset < 0)) await this.offsets.resolveResets(states);
        const fetchable = states.filter((s) => s.fetchOffset >= 0 && s.buffered.length < PREFETCH_DEPTH);
        if (fetchable.length === 0) {
          await this.wake.wait();
          continue;
        }
        const requested = new Map<PartitionState, number>(fetchable.map((s) => [s, s.fetchOffset]));
        for (const state of fetchable) this.polling.add(state);
        const started = Date.now();
        this.emitter.emit(ConsumerEvents.FETCH_START, () => ({ nodeId }));
        const connection = await this.cluster.connectionForNode(nodeId);
        const pending = connection.request('Fetch', this.buildRequest(fetchable), {
          timeout: this.options.requestTimeout + this.options.maxWaitTimeInMs,
        });
        const outcome = await this.unlessReset(pending, superseded < MAX_SUPERSEDED).finally(() => {
          for (const state of fetchable) this.polling.delete(state);
        });
        if (outcome === undefined && !this.running) {
          pending.catch(() => undefined); // stopped: nobody waits for the long poll's answer
          return;
        }
        if (outcome === undefined) {
          superseded++;
          pending
            .then((response) => this.deliver(nodeId, requested, response, started))
            .catch(() => undefined) // its partitions are fetched again by the loop anyway
            .finally(() => superseded--);
          continue;
        }
        this.deliver(nodeId, requested, outcome, started);
        failures = 0;
        outages = 0;
      } catch (caught) {
        if (!this.running) return;
        const error = MinibrokerProtocolError.from(caught);
        // An unreachable broker is waited for however long it takes (the cluster logs it once);
        // retriable answers get `retries` more tries, then the consumer crashes (and may restart).
        const unreachable = isBrokerUnreachable(error);
        if (!unreachable && (!isRetriable(error) || failures >= this.options.retry.retries)) {
          this.hooks.onCrash(error);
          return;
        }
        const delay = unreachable
          ? outageDelay(this.options.retry, outages++)
          : retryDelay(this.options.retry, failures++);
        this.logger.debug({ nodeId, error: error.message, delay }, 'fetch failed; retrying');
        await sleep(delay, this.stopSignal.signal);
        if (!this.running) return;
        await this.cluster.refreshMetadata().catch(() => undefined);
        this.ensureLoops();
      }
    }
  }

  /** Stops fetching at once (no loop sends another request for data it cannot use), then reports. */
  private crash(error: MinibrokerError): void {
    this.running = false;
    this.wake.notify();
    this.resets.notify();
    this.hooks.onCrash(error);
  }

  /** The response, or undefined when a reset comes first. */
  private unlessReset<T>(pending: Promise<T>, supersede: boolean): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      // Stopping always ends the wait: disconnect() must not sit out a long poll (maxWaitTimeInMs).
      const cancel = this.resets.subscribe(() => (supersede || !this.running) && resolve(undefined));
      if (!this.running) resolve(undefined); // stopped while the request was being sent
      pending.then(
        (value) => (cancel(), resolve(value)),
        (error: unknown) => (cancel(), reject(error)),
      );
    });
  }

  private buildRequest(states: PartitionState[]) {
    const topics = new Map<string, FetchTopic>();
    for (const state of states) {
      let topic = topics.get(state.topic);
      if (!topic) topics.set(state.topic, (topic = { name: state.topic, partitions: [] }));
      topic.partitions.push({
        partition: state.partition,
        fetchOffset: state.fetchOffset,
        partitionMaxBytes: this.options.maxBytesPerPartition,
      });
    }
    const { maxWaitTimeInMs, minBytes, maxBytes, isolationLevel } = this.options;
    return { maxWaitMs: maxWaitTimeInMs, minBytes, maxBytes, isolationLevel, topics: [...topics.values()] };
  }

  /** Buffers the records of partitions whose position still matches the request. Throws retriable errors. */
  private deliver(
    nodeId: number,
    requested: Map<PartitionState, number>,
    response: FetchResponse,
    started: number,
  ): void {
    if (!this.running) return;
    if (response.errorCode !== 0) throw new MinibrokerProtocolError(response.errorCode);
    let batches = 0;
    let retriable: MinibrokerError | undefined;
    for (const topic of response.topics) {
      for (const p of topic.partitions) {
        const state = this.subscriptions.get(topic.name, p.partition);
        const from = state && requested.get(state);
        if (!state || from === undefined || state.fetchOffset !== from || state.paused) continue;
        state.highWatermark = p.highWatermark;
        if (p.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
          this.outOfRange(state, from);
          continue;
        }
        if (p.errorCode !== 0) {
          const error = new MinibrokerProtocolError(
            p.errorCode,
            `fetch ${topic.name}/${p.partition}: ${new MinibrokerProtocolError(p.errorCode).message}`,
          );
          if (!error.retriable) return this.crash(error);
          retriable = error;
          continue;
        }
        if (p.records.length === 0) continue;
        // Only the batch headers and checks now, so the next fetch goes out before any record is decoded.
        const { batches: usable, corrupt, nextOffset } = scanUsableBatches(p.records, true, p.abortedTransactions);
        const wanted = usable.filter((batch) => batch.lastOffset >= from);
        if (wanted.length === 0) {
          // Only markers or aborted records: nothing to hand over, but the position moves past them.
          if (!corrupt && nextOffset !== undefined && nextOffset > from) {
            state.fetchOffset = nextOffset;
            continue;
          }
          // Bytes but nothing to hand over: fetching again would return the same bytes, so stop here.
          return this.crash(unusableBatch(topic.name, p.partition, from, corrupt));
        }
        state.buffered.push(
          new FetchedRecords(topic.name, p.partition, String(p.highWatermark), wanted, from, state.epoch),
        );
        // After the last whole batch read; a corrupt batch after it is met (and reported) on the next fetch.
        state.fetchOffset = Math.max(from, nextOffset!);
        batches++;
      }
    }
    this.emitter.emit(ConsumerEvents.FETCH, () => ({
      numberOfBatches: batches,
      duration: Date.now() - started,
      nodeId,
    }));
    if (batches > 0) this.hooks.onData();
    if (retriable) throw retriable;
  }

  private outOfRange(state: PartitionState, from: number): void {
    const policy = this.options.autoOffsetReset;
    if (policy === 'none') {
      this.hooks.onCrash(
        new MinibrokerProtocolError(
          ErrorCode.OFFSET_OUT_OF_RANGE,
          `offset ${from} is out of range for ${state.topic}/${state.partition} and autoOffsetReset is 'none'`,
        ),
      );
      return;
    }
    this.logger.warn(
      { topic: state.topic, partition: state.partition, offset: from, reset: policy },
      'offset out of range; resetting',
    );
    state.restartAt(policy);
    this.offsets.forget([state]);
  }
}

/** The crash error for a partition whose fetched bytes hold no usable record at the fetch offset. */
function unusableBatch(
  topic: string,
  partition: number,
  offset: number,
  corrupt: CorruptBatch | undefined,
): MinibrokerCorruptBatchError {
  const where = `${topic}/${partition} at offset ${offset}`;
  if (!corrupt) {
    return new MinibrokerCorruptBatchError(
      `fetch of ${where} returned no complete record at or after that offset; the batch there may be larger than maxBytesPerPartition`,
      topic,
      partition,
      offset,
      offset + 1,
    );
  }
  const nextOffset = Math.max(corrupt.nextOffset, offset + 1);
  return new MinibrokerCorruptBatchError(
    `${where}: ${corrupt.error.message}; seek to offset ${nextOffset} to skip it`,
    topic,
    partition,
    offset,
    nextOffset,
    corrupt.error,
  );
}
