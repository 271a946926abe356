// The sender's per-partition queues of closed batches, in append order, with at most one request
// in flight (or one retry backoff pending) per partition. What a partition sends next is the run
// of queued batches with the same acks and timeout as its head, up to a byte budget.
import type { ProducerBatch } from './record-accumulator.js';

/** Bytes of one partition's batches in one request (Kafka's max.request.size default); one batch always goes. */
export const MAX_PARTITION_BYTES_PER_REQUEST = 1024 * 1024;

export interface PartitionQueue {
  readonly topic: string;
  readonly partition: number;
  readonly waiting: ProducerBatch[];
  /** A request is in flight or a retry is waiting out its backoff. */
  busy: boolean;
  /** In the ready list. */
  listed: boolean;
}

export class PartitionQueues {
  private readonly byTopic = new Map<string, PartitionQueue[]>();
  // An array and a flag, not a Set cleared at every dispatch (see protocol/handle-list.ts).
  private ready: PartitionQueue[] = [];

  constructor(private readonly maxBytesPerRequest = MAX_PARTITION_BYTES_PER_REQUEST) {}

  push(batch: ProducerBatch): void {
    const queue = this.queueFor(batch.topic, batch.partition);
    queue.waiting.push(batch);
    if (!queue.busy) this.markReady(queue);
  }

  /** True when some partition has batches and nothing in flight. */
  get hasReady(): boolean {
    return this.ready.length > 0;
  }

  /** For every partition with batches and nothing in flight: its next run of batches. The partitions become busy. */
  takeReady(): { queue: PartitionQueue; batches: ProducerBatch[] }[] {
    const taken: { queue: PartitionQueue; batches: ProducerBatch[] }[] = [];
    const ready = this.ready;
    this.ready = [];
    for (const queue of ready) {
      queue.listed = false;
      if (queue.busy || queue.waiting.length === 0) continue;
      queue.busy = true;
      taken.push({ queue, batches: queue.waiting.splice(0, this.runLength(queue.waiting)) });
    }
    return taken;
  }

  /** The partition's request (or backoff) is over: what it has queued may go. */
  release(queue: PartitionQueue): void {
    queue.busy = false;
    if (queue.waiting.length > 0) this.markReady(queue);
  }

  /** Batches to send again go back to the head, ahead of what queued meanwhile; the partition stays busy. */
  requeue(queue: PartitionQueue, batches: ProducerBatch[]): void {
    queue.waiting.unshift(...batches);
  }

  /** Every queued batch, partition by partition, in queue order. */
  *queued(): IterableIterator<ProducerBatch> {
    for (const queues of this.byTopic.values()) for (const queue of queues) if (queue) yield* queue.waiting;
  }

  private markReady(queue: PartitionQueue): void {
    if (queue.listed) return;
    queue.listed = true;
    this.ready.push(queue);
  }

  private runLength(waiting: ProducerBatch[]): number {
    const head = waiting[0]!;
    let bytes = head.bytes;
    let n = 1;
    for (; n < waiting.length; n++) {
      const next = waiting[n]!;
      if (next.acks !== head.acks || next.timeout !== head.timeout || bytes + next.bytes > this.maxBytesPerRequest)
        break;
      bytes += next.bytes;
    }
    return n;
  }

  private queueFor(topic: string, partition: number): PartitionQueue {
    let queues = this.byTopic.get(topic);
    if (!queues) this.byTopic.set(topic, (queues = []));
    return (queues[partition] ??= { topic, partition, waiting: [], busy: false, listed: false });
  }
}
