// Sends closed batches: one Produce request per leader broker (and acks/timeout), all of that
// broker's partitions in it. Per-partition errors that are retriable re-send just that batch
// after a backoff and a metadata refresh; the rest fail the sends waiting on the batch.
import { ErrorCode } from '../../protocol/errors.js';
import type { ProducePartitionResponse, ProduceTopic } from '../../protocol/messages.js';
import { MinibrokerError, MinibrokerNumberOfRetriesExceeded, MinibrokerProtocolError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Cluster } from '../network/cluster.js';
import { isRetriable, type ResolvedRetryOptions } from '../network/retry.js';
import type { ProducerBatch } from './record-accumulator.js';
import { beforeDeadline } from '../network/until-reachable.js';
import { deadlineOf, nextAttempt } from './retry-plan.js';

export class Sender {
  private pendingRetries = 0;

  constructor(
    private readonly cluster: Cluster,
    private readonly retry: ResolvedRetryOptions,
    private readonly logger: Logger,
  ) {}

  get retrying(): number {
    return this.pendingRetries;
  }

  dispatch(batches: ProducerBatch[]): void {
    const groups = new Map<string, { nodeId: number; acks: number; timeout: number; batches: ProducerBatch[] }>();
    for (const batch of batches) {
      const nodeId = this.cluster.leaderFor(batch.topic, batch.partition);
      if (nodeId < 0) {
        this.failOrRetry(batch, new MinibrokerProtocolError(ErrorCode.LEADER_NOT_AVAILABLE, `no leader for ${batch.topic}/${batch.partition}`));
        continue;
      }
      const key = `${nodeId}|${batch.acks}|${batch.timeout}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { nodeId, acks: batch.acks, timeout: batch.timeout, batches: [] }));
      group.batches.push(batch);
    }
    for (const group of groups.values()) void this.produce(group.nodeId, group.acks, group.timeout, group.batches);
  }

  private async produce(nodeId: number, acks: number, timeout: number, batches: ProducerBatch[]): Promise<void> {
    // Batches of one partition travel back to back in one `records` field, in append order.
    const byTopic = new Map<string, Map<number, ProducerBatch[]>>();
    for (const batch of batches) {
      let partitions = byTopic.get(batch.topic);
      if (!partitions) byTopic.set(batch.topic, (partitions = new Map()));
      const list = partitions.get(batch.partition);
      if (list) list.push(batch);
      else partitions.set(batch.partition, [batch]);
    }
    const topics: ProduceTopic[] = [];
    for (const [name, partitions] of byTopic) {
      topics.push({
        name,
        partitions: [...partitions].map(([partition, list]) => ({
          partition,
          records: list.length === 1 ? list[0]!.encode() : Buffer.concat(list.map((b) => b.encode())),
        })),
      });
    }
    try {
      const connection = await beforeDeadline(this.cluster.connectionForNode(nodeId), deadlineOf(batches), `broker ${nodeId}`);
      if (acks === 0) {
        await connection.request('Produce', { acks, timeoutMs: timeout, topics }, { expectResponse: false });
        for (const batch of batches) this.complete(batch, null);
        return;
      }
      const response = await connection.request('Produce', { acks, timeoutMs: timeout, topics });
      const answers = new Map<string, ProducePartitionResponse>();
      for (const topic of response.topics) for (const p of topic.partitions) answers.set(`${topic.name}|${p.partition}`, p);
      for (const [name, partitions] of byTopic) {
        for (const [partition, list] of partitions) {
          const answer = answers.get(`${name}|${partition}`);
          if (!answer) {
            for (const batch of list) this.failOrRetry(batch, new MinibrokerProtocolError(ErrorCode.UNKNOWN_SERVER_ERROR, `no answer for ${name}/${partition}`));
          } else if (answer.errorCode !== 0) {
            const error = new MinibrokerProtocolError(answer.errorCode, answer.errorMessage ? `${name}/${partition}: ${answer.errorMessage}` : undefined);
            for (const batch of list) this.failOrRetry(batch, error);
          } else {
            let base = answer.baseOffset;
            for (const batch of list) {
              this.complete(batch, { baseOffset: base, logStartOffset: answer.logStartOffset });
              base += batch.count;
            }
          }
        }
      }
    } catch (caught) {
      const error = MinibrokerProtocolError.from(caught);
      for (const batch of batches) this.failOrRetry(batch, error);
    }
  }

  private complete(batch: ProducerBatch, offsets: { baseOffset: number; logStartOffset: number } | null): void {
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

  private failOrRetry(batch: ProducerBatch, error: MinibrokerError): void {
    if (batch.trackers.every((t) => t.settled)) return;
    const next = nextAttempt(batch, error, this.retry);
    if (next) {
      const { delay } = next;
      batch.attempts++;
      this.pendingRetries++;
      this.logger.debug({ topic: batch.topic, partition: batch.partition, attempt: batch.attempts, delay, error: error.message }, 'retrying batch');
      setTimeout(() => {
        (next.refreshMetadata ? this.cluster.refreshMetadata() : Promise.resolve())
          .catch(() => undefined)
          .then(() => {
            this.pendingRetries--;
            this.dispatch([batch]);
          });
      }, delay);
      return;
    }
    const final = batch.attempts > 0 && isRetriable(error) ? new MinibrokerNumberOfRetriesExceeded(error, batch.attempts) : error;
    this.logger.error({ topic: batch.topic, partition: batch.partition, error: final.message }, 'failed to produce');
    for (const tracker of batch.trackers) {
      if (tracker.settled) continue;
      tracker.settled = true;
      tracker.reject(final);
    }
  }
}
