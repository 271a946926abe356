// Raw-protocol helpers for transaction tests: a transactional producer driven request by request.
import { READ_COMMITTED, READ_UNCOMMITTED } from '../../protocol/messages.js';
import { decodeUsableBatches, encodeRecordBatch } from '../../protocol/record-batch.js';
import type { RawClient } from './broker.js';

export interface RawTxnProducer {
  transactionalId: string;
  producerId: number;
  producerEpoch: number;
  /** Next sequence per partition of topic t. */
  sequences: Map<number, number>;
}

export async function initTransactional(
  client: RawClient,
  transactionalId: string,
  transactionTimeoutMs = 60_000,
): Promise<RawTxnProducer> {
  const r = await client.request('InitProducerId', { transactionalId, transactionTimeoutMs });
  if (r.errorCode !== 0) throw new Error(`InitProducerId failed with ${r.errorCode}: ${r.errorMessage}`);
  return { transactionalId, producerId: Number(r.producerId), producerEpoch: r.producerEpoch, sequences: new Map() };
}

export async function addPartitions(client: RawClient, p: RawTxnProducer, topic: string, partitions: number[]) {
  const r = await client.request('AddPartitionsToTxn', {
    transactionalId: p.transactionalId,
    producerId: p.producerId,
    producerEpoch: p.producerEpoch,
    topics: [{ name: topic, partitions }],
  });
  return r.results.flatMap((t) => t.partitions.map((x) => x.errorCode));
}

/** Produces one transactional batch; returns the partition's error code and base offset. */
export async function produceTxn(
  client: RawClient,
  p: RawTxnProducer,
  topic: string,
  partition: number,
  values: string[],
) {
  const baseSequence = p.sequences.get(partition) ?? 0;
  const records = encodeRecordBatch(
    values.map((value) => ({ value })),
    1,
    { producerId: p.producerId, producerEpoch: p.producerEpoch, baseSequence, transactional: true },
  );
  const r = await client.request('Produce', {
    acks: -1,
    timeoutMs: 1000,
    topics: [{ name: topic, partitions: [{ partition, records }] }],
  });
  const answer = r.topics[0]!.partitions[0]!;
  if (answer.errorCode === 0) p.sequences.set(partition, baseSequence + values.length);
  return { errorCode: answer.errorCode, baseOffset: Number(answer.baseOffset) };
}

export async function endTxn(client: RawClient, p: RawTxnProducer, committed: boolean): Promise<number> {
  const r = await client.request('EndTxn', {
    transactionalId: p.transactionalId,
    producerId: p.producerId,
    producerEpoch: p.producerEpoch,
    committed,
  });
  return r.errorCode;
}

/** The values a consumer at that isolation level sees from offset 0, and the partition's offsets. */
export async function readValues(client: RawClient, topic: string, partition: number, committed: boolean) {
  const r = await client.request('Fetch', {
    maxWaitMs: 0,
    minBytes: 0,
    maxBytes: 1 << 20,
    isolationLevel: committed ? READ_COMMITTED : READ_UNCOMMITTED,
    topics: [{ name: topic, partitions: [{ partition, fetchOffset: 0, partitionMaxBytes: 1 << 20 }] }],
  });
  const p = r.topics[0]!.partitions[0]!;
  const aborted = committed
    ? p.abortedTransactions.map((a) => ({ producerId: Number(a.producerId), firstOffset: Number(a.firstOffset) }))
    : [];
  const { records } = decodeUsableBatches(p.records, true, aborted);
  return {
    errorCode: p.errorCode,
    values: records.map((rec) => rec.value!.toString()),
    highWatermark: Number(p.highWatermark),
    lastStableOffset: Number(p.lastStableOffset),
    aborted,
  };
}

export async function latestOffset(client: RawClient, topic: string, partition: number, committed: boolean) {
  const r = await client.request('ListOffsets', {
    isolationLevel: committed ? READ_COMMITTED : READ_UNCOMMITTED,
    topics: [{ name: topic, partitions: [{ partition, timestamp: -1 }] }],
  });
  return Number(r.topics[0]!.partitions[0]!.offset);
}
