import { describe, expect, it } from 'vitest';
import { PartitionQueues } from '../../../../client-sdk/producer/partition-queues.js';
import { ProducerBatch } from '../../../../client-sdk/producer/record-accumulator.js';
import type { RecordBatchBuilder } from '../../../../protocol/record-encode.js';

let next = 0;
// The queues read a batch's size and count only: a builder stand-in gives both, the count a label
// to tell batches apart.
const batch = (topic: string, partition: number, bytes = 100, acks = -1, timeout = 30_000) =>
  new ProducerBatch(topic, partition, acks, timeout, 0, { bytes, count: ++next } as RecordBatchBuilder);
const labels = (taken: ReturnType<PartitionQueues['takeReady']>) =>
  taken.map(({ queue, batches }) => [`${queue.topic}/${queue.partition}`, batches.map((b) => b.count)]);

describe('PartitionQueues', () => {
  it('takes every queued batch of each idle partition, in order, and then nothing until released', () => {
    next = 0;
    const queues = new PartitionQueues();
    for (const b of [batch('a', 0), batch('a', 1), batch('a', 0), batch('b', 0)]) queues.push(b);
    expect(labels(queues.takeReady())).toEqual([
      ['a/0', [1, 3]],
      ['a/1', [2]],
      ['b/0', [4]],
    ]);
    queues.push(batch('a', 0));
    expect(queues.hasReady).toBe(false);
    expect(queues.takeReady()).toEqual([]);
  });

  it('after release, what queued during the request goes next', () => {
    next = 0;
    const queues = new PartitionQueues();
    queues.push(batch('a', 0));
    const [first] = queues.takeReady();
    queues.push(batch('a', 0));
    queues.push(batch('a', 0));
    queues.release(first!.queue);
    expect(labels(queues.takeReady())).toEqual([['a/0', [2, 3]]]);
  });

  it('a requeued (retried) run goes out again before the batches queued behind it', () => {
    next = 0;
    const queues = new PartitionQueues();
    queues.push(batch('a', 0));
    queues.push(batch('a', 0));
    const [first] = queues.takeReady();
    queues.push(batch('a', 0));
    queues.requeue(first!.queue, first!.batches);
    expect(queues.takeReady()).toEqual([]); // backing off: still busy
    queues.release(first!.queue);
    expect(labels(queues.takeReady())).toEqual([['a/0', [1, 2, 3]]]);
  });

  it('a run stops at the byte budget (one batch always goes) and at a change of acks or timeout', () => {
    next = 0;
    const queues = new PartitionQueues(250);
    for (const b of [
      batch('a', 0, 400),
      batch('a', 0, 100),
      batch('a', 0, 100),
      batch('a', 0, 100),
      batch('a', 0, 100, 1),
    ])
      queues.push(b);
    const take = () => {
      const taken = queues.takeReady();
      for (const { queue } of taken) queues.release(queue);
      return labels(taken);
    };
    expect(take()).toEqual([['a/0', [1]]]);
    expect(take()).toEqual([['a/0', [2, 3]]]);
    expect(take()).toEqual([['a/0', [4]]]);
    expect(take()).toEqual([['a/0', [5]]]);
    expect(take()).toEqual([]);
  });
});
