// When the Sender gives a batch's memory back (protocol/batch-slabs.ts): only once the batch is
// finished (answered, or given up) and the socket write that carried it is over. A connection
// stand-in decides when a produce is answered and when its write completes, to put them in
// either order.
import { describe, expect, it } from 'vitest';
import { pollUntil } from '../../../helpers/poll-until.js';
import { sendTracker } from '../../../helpers/send-tracker.js';
import type { Cluster } from '../../../../client-sdk/network/cluster.js';
import type { Connection, RequestOptions } from '../../../../client-sdk/network/connection.js';
import { DEFAULT_RETRY } from '../../../../client-sdk/network/retry.js';
import { createLogger } from '../../../../client-sdk/logger.js';
import { RecordAccumulator, type ProducerBatch } from '../../../../client-sdk/producer/record-accumulator.js';
import { Sender } from '../../../../client-sdk/producer/sender.js';
import { ErrorCode } from '../../../../protocol/errors.js';

interface PendingProduce {
  answer(errorCode?: number): void;
  written(error?: Error): void;
}

function fakeCluster(produces: PendingProduce[]): Cluster {
  const connection = {
    produce(body: { topics: { name: string; partitions: { partition: number }[] }[] }, options: RequestOptions) {
      return new Promise((resolve) => {
        produces.push({
          answer: (errorCode = 0) =>
            resolve(
              options.expectResponse === false
                ? undefined
                : {
                    topics: body.topics.map((t) => ({
                      name: t.name,
                      partitions: t.partitions.map((p) => ({
                        partition: p.partition,
                        errorCode,
                        errorMessage: '',
                        baseOffset: 0,
                        logStartOffset: 0,
                      })),
                    })),
                  },
            ),
          written: (error) => options.onWritten?.(error),
        });
      });
    },
  } as unknown as Connection;
  return {
    leaderFor: () => 0,
    connectionForNode: () => Promise.resolve(connection),
    refreshMetadata: () => Promise.resolve(),
  } as unknown as Cluster;
}

function oneBatch(acks: number): ProducerBatch {
  const accumulator = new RecordAccumulator(16_384, () => {});
  accumulator.append('t', 0, { key: 'k', value: 'v' }, 1, { acks, timeout: 1000, compression: 0 }, sendTracker());
  return accumulator.drain()[0]!;
}

const settle = () => new Promise((resolve) => setImmediate(resolve));
const logger = createLogger({ logLevel: 'nothing', clientId: 'test' });

/** A Sender over the stand-in with one batch dispatched; `produces` fills as it sends. */
async function dispatchOne(acks: number, retry = DEFAULT_RETRY) {
  const produces: PendingProduce[] = [];
  const batch = oneBatch(acks);
  new Sender(fakeCluster(produces), retry, logger).dispatch([batch]);
  await settle();
  return { produces, batch };
}

describe('Sender: batch memory', () => {
  it('answered before its write completed: released when the write completes', async () => {
    const { produces, batch } = await dispatchOne(1);
    produces[0]!.answer();
    await settle();
    expect(batch.released).toBe(false);
    produces[0]!.written();
    expect(batch.released).toBe(true);
  });

  it('written before it was answered: released when answered', async () => {
    const { produces, batch } = await dispatchOne(1);
    produces[0]!.written();
    expect(batch.released).toBe(false);
    produces[0]!.answer();
    await settle();
    expect(batch.released).toBe(true);
  });

  it('retried: kept through the retry, released after the second answer and both writes', async () => {
    const { produces, batch } = await dispatchOne(1, { ...DEFAULT_RETRY, initialRetryTime: 1, retries: 3 });
    produces[0]!.answer(ErrorCode.NOT_LEADER_OR_FOLLOWER);
    await pollUntil(() => produces.length === 2); // sent again after the backoff
    produces[1]!.written();
    produces[1]!.answer();
    await settle();
    expect(batch.released).toBe(false); // the first request's write is not over
    produces[0]!.written(new Error('socket closed'));
    expect(batch.released).toBe(true);
  });

  it('acks=0: released when its write completes', async () => {
    const { produces, batch } = await dispatchOne(0);
    expect(batch.released).toBe(false);
    produces[0]!.written();
    produces[0]!.answer();
    await settle();
    expect(batch.released).toBe(true);
  });
});
