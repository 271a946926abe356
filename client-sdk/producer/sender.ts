// Sends closed batches in order, per partition: each partition has a queue and at most one
// Produce in flight. Whatever queued up meanwhile goes out together, back to back, in the next
// request (one request per leader broker and acks/timeout, all its ready partitions in it). A
// batch that fails retriably goes back to the head of its queue and is re-sent after a backoff
// and a metadata refresh, before anything later of that partition: retries never reorder.
// (Kafka gives this order with max.in.flight.requests.per.connection=1 or idempotence; without
// sequence numbers only one request in flight per partition keeps it.) Other errors fail the
// sends waiting on the batch; the partition's later batches go on.
import { ErrorCode } from '../../protocol/errors.js';
import type { ProducePartitionResponse, ProduceTopic } from '../../protocol/messages.js';
import { MinibrokerError, MinibrokerNumberOfRetriesExceeded, MinibrokerProtocolError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Cluster } from '../network/cluster.js';
import { isRetriable, type ResolvedRetryOptions } from '../network/retry.js';
import { PartitionQueues, type PartitionQueue } from './partition-queues.js';
import type { ProducerBatch } from './record-accumulator.js';
import { beforeDeadline } from '../network/until-reachable.js';
import { deadlineOf, nextAttempt } from './retry-plan.js';

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
  ) {
    this.queues = new PartitionQueues(maxPartitionBytesPerRequest);
  }

  /** Queues closed batches (in append order) and sends what can go now. */
  dispatch(batches: ProducerBatch[]): void {
    for (const batch of batches) this.queues.push(batch);
    this.sendReady();
    // Batches that wait behind a request in flight are encoded now, while the broker works, so
    // the next request is ready the moment the response arrives.
    for (const batch of batches) batch.encode();
  }

  /** Sends every partition that has batches and nothing in flight; one request per leader and acks/timeout. */
  private sendReady(): void {
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

  private async produce({ nodeId, acks, timeout, partitions }: RequestGroup): Promise<void> {
    const byTopic = new Map<string, ProduceTopic>();
    for (const { batches } of partitions) {
      const { topic, partition } = batches[0]!;
      let entry = byTopic.get(topic);
      if (!entry) byTopic.set(topic, (entry = { name: topic, partitions: [] }));
      // Batches of one partition travel back to back in one `records` field, in append order.
      entry.partitions.push({
        partition,
        records: batches.length === 1 ? batches[0]!.encode() : Buffer.concat(batches.map((b) => b.encode())),
      });
    }
    try {
      const connection = await beforeDeadline(
        this.cluster.connectionForNode(nodeId),
        deadlineOf(partitions.flatMap((p) => p.batches)),
        `broker ${nodeId}`,
      );
      if (acks === 0) {
        await connection.request(
          'Produce',
          { acks, timeoutMs: timeout, topics: [...byTopic.values()] },
          { expectResponse: false },
        );
        for (const { queue, batches } of partitions) this.succeeded(queue, batches, null);
        return this.sendReady();
      }
      const response = await connection.request('Produce', { acks, timeoutMs: timeout, topics: [...byTopic.values()] });
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
    const retried: ProducerBatch[] = [];
    let delay = 0;
    let refreshMetadata = false;
    for (const batch of batches) {
      if (batch.trackers.every((t) => t.settled)) continue; // its sends already failed elsewhere
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
}

function fail(batch: ProducerBatch, error: MinibrokerError, logger: Logger): void {
  logger.error({ topic: batch.topic, partition: batch.partition, error: error.message }, 'failed to produce');
  for (const tracker of batch.trackers) {
    if (tracker.settled) continue;
    tracker.settled = true;
    tracker.reject(error);
  }
}
