// Sends closed batches in order, per partition: each partition has a queue and at most one
// Produce in flight. Whatever queued up meanwhile goes out together, back to back, in the next
// request (one request per leader broker and acks/timeout, all its ready partitions in it). A
// batch that fails retriably goes back to the head of its queue and is re-sent after a backoff
// and a metadata refresh, before anything later of that partition: retries never reorder.
// (Kafka gives this order with max.in.flight.requests.per.connection=1 or idempotence; without
// sequence numbers only one request in flight per partition keeps it.) Other errors fail the
// sends waiting on the batch; the partition's later batches go on.
import { ErrorCode } from '../../protocol/errors.js';
import type { ProducePartitionResponse } from '../../protocol/messages.js';
import type { OutgoingProduceRequest } from '../../protocol/produce-request-frame.js';
import { MinibrokerError, MinibrokerNumberOfRetriesExceeded, MinibrokerProtocolError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Cluster } from '../network/cluster.js';
import { isRetriable, type ResolvedRetryOptions } from '../network/retry.js';
import { PartitionQueues, type PartitionQueue } from './partition-queues.js';
import type { ProducerBatch } from './record-accumulator.js';
import { beforeDeadline } from '../network/until-reachable.js';
import { deadlineOf, nextAttempt } from './retry-plan.js';
import type { Idempotence } from './idempotence.js';

interface RequestGroup {
  nodeId: number;
  acks: number;
  timeout: number;
  /** Per partition, the batches taken from its queue, in order. */
  partitions: { queue: PartitionQueue; batches: ProducerBatch[] }[];
}

export class Sender {
  private readonly queues: PartitionQueues;

  constructor(
    private readonly cluster: Cluster,
    private readonly retry: ResolvedRetryOptions,
    private readonly logger: Logger,
    maxPartitionBytesPerRequest?: number,
    private readonly idempotence?: Idempotence,
    /** A transactional producer adds the partitions to its transaction before their first batch. */
    private readonly beforeProduce?: (partitions: { topic: string; partition: number }[]) => Promise<void>,
  ) {
    this.queues = new PartitionQueues(maxPartitionBytesPerRequest);
  }

  /** Queues closed batches (in append order) and sends what can go now. */
  dispatch(batches: ProducerBatch[]): void {
    for (const batch of batches) this.queues.push(batch);
    // An idempotent producer's batches take their sequence numbers here, in the order they were
    // queued (so before any is sent); while a new producer id is being fetched they wait for it.
    if (this.idempotence && !this.idempotence.busy) for (const batch of batches) this.encode(batch);
    this.sendReady();
    // Batches that wait behind a request in flight are encoded now, while the broker works, so
    // the next request is ready the moment the response arrives.
    if (!this.idempotence) for (const batch of batches) batch.encode();
  }

  /** After a new producer id: batches queued and never sent are numbered again, in queue order. */
  private renumberQueued(): void {
    for (const batch of this.queues.queued()) if (batch.resetEncoding()) this.encode(batch);
  }

  /** The bytes of a batch; an idempotent producer's carry its id, epoch and the partition's next sequence. */
  private encode(batch: ProducerBatch): Buffer {
    const idempotence = this.idempotence;
    if (!idempotence || batch.isEncoded) return batch.encode();
    return batch.encode(() => idempotence.take(batch.topic, batch.partition, batch.count));
  }

  /** Sends every partition that has batches and nothing in flight; one request per leader and acks/timeout. */
  private sendReady(): void {
    if (this.idempotence?.busy) return; // renew() sends what is ready once the new producer id is there
    // A partition failed without a request (no leader, out of retries) may be ready again at once.
    while (this.queues.hasReady) {
      const groups = new Map<string, RequestGroup>();
      for (const { queue, batches } of this.queues.takeReady()) {
        const head = batches[0]!;
        const nodeId = this.cluster.leaderFor(head.topic, head.partition);
        if (nodeId < 0) {
          this.failed(
            queue,
            batches,
            new MinibrokerProtocolError(
              ErrorCode.LEADER_NOT_AVAILABLE,
              `no leader for ${head.topic}/${head.partition}`,
            ),
          );
          continue;
        }
        const key = `${nodeId}|${head.acks}|${head.timeout}`;
        let group = groups.get(key);
        if (!group) groups.set(key, (group = { nodeId, acks: head.acks, timeout: head.timeout, partitions: [] }));
        group.partitions.push({ queue, batches });
      }
      for (const group of groups.values()) void this.produce(group);
    }
  }

  private async produce(group: RequestGroup): Promise<void> {
    if (this.beforeProduce) {
      try {
        await this.beforeProduce(
          group.partitions.map(({ queue }) => ({ topic: queue.topic, partition: queue.partition })),
        );
      } catch (caught) {
        const error = MinibrokerProtocolError.from(caught);
        for (const { queue, batches } of group.partitions) this.failed(queue, batches, error);
        return this.sendReady();
      }
    }
    return this.send(group);
  }

  private async send({ nodeId, acks, timeout, partitions }: RequestGroup): Promise<void> {
    const byTopic = new Map<string, OutgoingProduceRequest['topics'][number]>();
    for (const { batches } of partitions) {
      const { topic, partition } = batches[0]!;
      let entry = byTopic.get(topic);
      if (!entry) byTopic.set(topic, (entry = { name: topic, partitions: [] }));
      // Batches of one partition travel back to back in one `records` field, in append order.
      entry.partitions.push({
        partition,
        records: batches.map((b) => this.encode(b)),
      });
      for (const batch of batches) batch.markSent();
    }
    // The batches' memory is reused once they are finished and this request's write is over.
    const carried = partitions.flatMap((p) => p.batches);
    for (const batch of carried) batch.writeStarted();
    let handedOver = false; // to the connection, which then calls onWritten once
    const onWritten = () => {
      for (const batch of carried) batch.writeEnded();
    };
    try {
      const connection = await beforeDeadline(
        this.cluster.connectionForNode(nodeId),
        deadlineOf(carried),
        `broker ${nodeId}`,
      );
      handedOver = true;
      if (acks === 0) {
        await connection.produce(
          { acks, timeoutMs: timeout, topics: [...byTopic.values()] },
          { expectResponse: false, onWritten },
        );
        for (const { queue, batches } of partitions) this.succeeded(queue, batches, null);
        return this.sendReady();
      }
      const response = await connection.produce(
        { acks, timeoutMs: timeout, topics: [...byTopic.values()] },
        { onWritten },
      );
      const answers = new Map<string, ProducePartitionResponse>();
      for (const topic of response.topics)
        for (const p of topic.partitions) answers.set(`${topic.name}|${p.partition}`, p);
      for (const { queue, batches } of partitions) {
        const answer = answers.get(`${queue.topic}|${queue.partition}`);
        if (!answer) {
          this.failed(
            queue,
            batches,
            new MinibrokerProtocolError(
              ErrorCode.UNKNOWN_SERVER_ERROR,
              `no answer for ${queue.topic}/${queue.partition}`,
            ),
          );
        } else if (answer.errorCode !== 0) {
          this.failed(
            queue,
            batches,
            new MinibrokerProtocolError(
              answer.errorCode,
              answer.errorMessage ? `${queue.topic}/${queue.partition}: ${answer.errorMessage}` : undefined,
            ),
          );
        } else {
          this.succeeded(queue, batches, answer);
        }
      }
    } catch (caught) {
      if (!handedOver) onWritten();
      const error = MinibrokerProtocolError.from(caught);
      for (const { queue, batches } of partitions) this.failed(queue, batches, error);
    }
    this.sendReady();
  }

  private succeeded(queue: PartitionQueue, batches: ProducerBatch[], answer: ProducePartitionResponse | null): void {
    let base = answer?.baseOffset ?? -1;
    for (const batch of batches) {
      complete(batch, answer ? { baseOffset: base, logStartOffset: answer.logStartOffset } : null);
      base += batch.count;
    }
    this.queues.release(queue);
  }

  /**
   * Retriable: the batches go back to the head of their queue, which waits out the backoff (so
   * nothing later of the partition overtakes them). Otherwise, or out of retries: their sends fail.
   */
  private failed(queue: PartitionQueue, batches: ProducerBatch[], error: MinibrokerError): void {
    if (this.idempotence) return this.failedIdempotent(queue, batches, error);
    const retried: ProducerBatch[] = [];
    let delay = 0;
    let refreshMetadata = false;
    for (const batch of batches) {
      if (batch.trackers.every((t) => t.settled)) {
        batch.finished(); // its sends already failed elsewhere
        continue;
      }
      const next = nextAttempt(batch, error, this.retry);
      if (next === undefined) {
        fail(
          batch,
          batch.attempts > 0 && isRetriable(error)
            ? new MinibrokerNumberOfRetriesExceeded(error, batch.attempts)
            : error,
          this.logger,
        );
        continue;
      }
      delay = Math.max(delay, next.delay);
      refreshMetadata ||= next.refreshMetadata;
      retried.push(batch);
    }
    if (retried.length === 0) return this.queues.release(queue);
    this.retryLater(queue, retried, error, delay, refreshMetadata);
  }

  /**
   * Idempotent: the run of batches is retried whole (same bytes, same sequences) or given up
   * whole; giving up takes a new producer id, since the broker may hold some of them.
   */
  private failedIdempotent(queue: PartitionQueue, batches: ProducerBatch[], error: MinibrokerError): void {
    const plans = batches.map((batch) => nextAttempt(batch, error, this.retry));
    if (plans.every((p) => p !== undefined)) {
      const delay = Math.max(...plans.map((p) => p.delay));
      return this.retryLater(
        queue,
        batches,
        error,
        delay,
        plans.some((p) => p.refreshMetadata),
      );
    }
    for (const batch of batches) {
      const retriesExceeded = batch.attempts > 0 && isRetriable(error);
      fail(batch, retriesExceeded ? new MinibrokerNumberOfRetriesExceeded(error, batch.attempts) : error, this.logger);
    }
    this.queues.release(queue);
    this.idempotence!.renew().then(
      () => {
        this.renumberQueued();
        this.sendReady();
      },
      (renewError: unknown) => this.failQueued(MinibrokerProtocolError.from(renewError)),
    );
  }

  /** No producer id could be had: every batch waiting to be sent fails with the reason. */
  private failQueued(error: MinibrokerError): void {
    while (this.queues.hasReady) {
      for (const { queue, batches } of this.queues.takeReady()) {
        for (const batch of batches) fail(batch, error, this.logger);
        this.queues.release(queue);
      }
    }
  }

  private retryLater(
    queue: PartitionQueue,
    retried: ProducerBatch[],
    error: MinibrokerError,
    delay: number,
    refreshMetadata: boolean,
  ): void {
    for (const batch of retried) batch.attempts++;
    this.logger.debug(
      { topic: queue.topic, partition: queue.partition, batches: retried.length, delay, error: error.message },
      'retrying batches',
    );
    this.queues.requeue(queue, retried);
    setTimeout(() => {
      // While the broker is unreachable there is no one to ask; the batch just waits.
      void (refreshMetadata ? this.cluster.refreshMetadata() : Promise.resolve())
        .catch(() => undefined)
        .then(() => {
          this.queues.release(queue);
          this.sendReady();
        });
    }, delay);
  }
}

function complete(batch: ProducerBatch, offsets: { baseOffset: number; logStartOffset: number } | null): void {
  for (const entry of batch.entries) {
    entry.metadata.baseOffset = offsets ? String(offsets.baseOffset + entry.index) : '-1';
    entry.metadata.logStartOffset = offsets ? String(offsets.logStartOffset) : '-1';
  }
  for (const tracker of batch.trackers) {
    if (tracker.settled || --tracker.remaining > 0) continue;
    tracker.settled = true;
    tracker.resolve(tracker.results);
  }
  batch.finished();
}

function fail(batch: ProducerBatch, error: MinibrokerError, logger: Logger): void {
  logger.error({ topic: batch.topic, partition: batch.partition, error: error.message }, 'failed to produce');
  for (const tracker of batch.trackers) {
    if (tracker.settled) continue;
    tracker.settled = true;
    tracker.reject(error);
  }
  batch.finished();
}
