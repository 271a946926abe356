// Transactions over a real socket with the raw protocol: markers, the last stable offset,
// read_committed and read_uncommitted fetches, ListOffsets under read_committed, transactional
// offsets, zombie fencing and the broker aborting a transaction past its timeout.
import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/errors.js';
import { useBrokerFixtures, type RawClient } from '../helpers/broker.js';
import { createTopic, fetchOffsets, joinAlone } from '../helpers/groups.js';
import { pollUntil } from '../helpers/poll-until.js';
import {
  addPartitions,
  endTxn,
  initTransactional,
  latestOffset,
  produceTxn,
  readValues,
} from '../helpers/transactions.js';

const fixtures = useBrokerFixtures();

async function setup(options = {}) {
  const broker = await fixtures.broker(options);
  const client = await fixtures.client(broker);
  await createTopic(client, 't', 2);
  return { broker, client };
}

async function plainProduce(client: RawClient, value: string) {
  const { encodeRecordBatch } = await import('../../protocol/record-batch.js');
  await client.request('Produce', {
    acks: 1,
    topics: [{ name: 't', partitions: [{ partition: 0, records: encodeRecordBatch([{ value }]) }] }],
  });
}

describe('transactions', () => {
  it('hides an open transaction from read_committed readers and shows it once committed', async () => {
    const { client } = await setup();
    const p = await initTransactional(client, 'tx-commit');
    expect(p.producerEpoch).toBe(0);
    expect(await addPartitions(client, p, 't', [0])).toEqual([0]);
    expect(await produceTxn(client, p, 't', 0, ['a', 'b'])).toEqual({ errorCode: 0, baseOffset: 0 });
    await plainProduce(client, 'plain'); // after the open transaction: held back too

    expect((await readValues(client, 't', 0, false)).values).toEqual(['a', 'b', 'plain']);
    const before = await readValues(client, 't', 0, true);
    expect(before).toMatchObject({ values: [], highWatermark: 3, lastStableOffset: 0 });
    expect(await latestOffset(client, 't', 0, true)).toBe(0);
    expect(await latestOffset(client, 't', 0, false)).toBe(3);

    expect(await endTxn(client, p, true)).toBe(0);
    const after = await readValues(client, 't', 0, true);
    expect(after).toMatchObject({ values: ['a', 'b', 'plain'], highWatermark: 4, lastStableOffset: 4 });
    expect((await readValues(client, 't', 0, false)).values).toEqual(['a', 'b', 'plain']); // no marker
    expect(await latestOffset(client, 't', 0, true)).toBe(4);
    expect(await endTxn(client, p, true)).toBe(0); // a retried EndTxn is answered again
  });

  it('drops an aborted transaction for read_committed readers; read_uncommitted ones see its records', async () => {
    const { client } = await setup();
    const p = await initTransactional(client, 'tx-abort');
    await addPartitions(client, p, 't', [0, 1]);
    await produceTxn(client, p, 't', 0, ['x']);
    await produceTxn(client, p, 't', 1, ['y']);
    expect(await endTxn(client, p, false)).toBe(0);
    await addPartitions(client, p, 't', [0]);
    await produceTxn(client, p, 't', 0, ['kept']);
    expect(await endTxn(client, p, true)).toBe(0);

    const committed = await readValues(client, 't', 0, true);
    expect(committed.values).toEqual(['kept']);
    expect(committed.aborted).toEqual([{ producerId: p.producerId, firstOffset: 0 }]);
    expect((await readValues(client, 't', 1, true)).values).toEqual([]);
    expect((await readValues(client, 't', 0, false)).values).toEqual(['x', 'kept']);
  });

  it('commits the offsets sent with TxnOffsetCommit only when the transaction commits', async () => {
    const { client } = await setup();
    const member = await joinAlone(client, 'g');
    const p = await initTransactional(client, 'tx-offsets');
    const sendOffsets = async (offset: number, generationId = member.generationId) => {
      const added = await client.request('AddOffsetsToTxn', {
        transactionalId: p.transactionalId,
        producerId: p.producerId,
        producerEpoch: p.producerEpoch,
        groupId: 'g',
      });
      expect(added.errorCode).toBe(0);
      const r = await client.request('TxnOffsetCommit', {
        transactionalId: p.transactionalId,
        groupId: 'g',
        producerId: p.producerId,
        producerEpoch: p.producerEpoch,
        generationId,
        memberId: member.memberId,
        topics: [{ name: 't', partitions: [{ partition: 0, committedOffset: offset }] }],
      });
      return r.topics[0]!.partitions[0]!.errorCode;
    };
    expect(await sendOffsets(5)).toBe(0);
    expect((await fetchOffsets(client, 'g', 't', [0]))[0]!.offset).toBe(-1);
    expect(await endTxn(client, p, false)).toBe(0);
    expect((await fetchOffsets(client, 'g', 't', [0]))[0]!.offset).toBe(-1);

    expect(await sendOffsets(7)).toBe(0);
    expect(await endTxn(client, p, true)).toBe(0);
    expect((await fetchOffsets(client, 'g', 't', [0]))[0]!.offset).toBe(7);

    // KIP-447: a member of an old generation is fenced.
    expect(await sendOffsets(9, member.generationId - 1)).toBe(ErrorCode.ILLEGAL_GENERATION);
  });

  it('fences a zombie: after a new InitProducerId the old epoch is refused everywhere', async () => {
    const { client } = await setup();
    const zombie = await initTransactional(client, 'tx-zombie');
    await addPartitions(client, zombie, 't', [0]);
    await produceTxn(client, zombie, 't', 0, ['zombie-1']);

    const fresh = await initTransactional(client, 'tx-zombie');
    expect(fresh).toMatchObject({ producerId: zombie.producerId, producerEpoch: zombie.producerEpoch + 1 });
    // Its open transaction was aborted on the new producer's behalf.
    expect((await readValues(client, 't', 0, true)).values).toEqual([]);

    expect((await produceTxn(client, zombie, 't', 0, ['zombie-2'])).errorCode).toBe(ErrorCode.PRODUCER_FENCED);
    expect(await addPartitions(client, zombie, 't', [1])).toEqual([ErrorCode.PRODUCER_FENCED]);
    expect(await endTxn(client, zombie, true)).toBe(ErrorCode.PRODUCER_FENCED);

    await addPartitions(client, fresh, 't', [0]);
    expect((await produceTxn(client, fresh, 't', 0, ['fresh'])).errorCode).toBe(0);
    expect(await endTxn(client, fresh, true)).toBe(0);
    expect((await readValues(client, 't', 0, true)).values).toEqual(['fresh']);
  });

  it('refuses transactional batches for partitions not added, and bad transaction calls', async () => {
    const { client } = await setup();
    const p = await initTransactional(client, 'tx-state');
    expect((await produceTxn(client, p, 't', 0, ['early'])).errorCode).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(await endTxn(client, p, true)).toBe(ErrorCode.INVALID_TXN_STATE);
    expect(await addPartitions(client, { ...p, producerId: p.producerId + 1000 }, 't', [0])).toEqual([
      ErrorCode.INVALID_PRODUCER_ID_MAPPING,
    ]);
    expect(await addPartitions(client, { ...p, transactionalId: 'nobody' }, 't', [0])).toEqual([
      ErrorCode.TRANSACTIONAL_ID_NOT_FOUND,
    ]);
    expect(await addPartitions(client, p, 'missing', [0])).toEqual([ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]);
    const tooLong = await client.request('InitProducerId', { transactionalId: 'x', transactionTimeoutMs: 2 ** 30 });
    expect(tooLong.errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    const found = await client.request('FindCoordinator', { keyType: 1, keys: ['tx-state'] });
    expect(found.coordinators[0]).toMatchObject({ errorCode: 0, key: 'tx-state' });
  });

  it('holds at most maxBrokerTransactionalIds; a known id still initialises', async () => {
    const { client } = await setup({ maxBrokerTransactionalIds: 2 });
    const init = (transactionalId: string) =>
      client.request('InitProducerId', { transactionalId, transactionTimeoutMs: 10_000 }).then((r) => r.errorCode);
    expect(await init('a')).toBe(0);
    expect(await init('b')).toBe(0);
    expect(await init('c')).toBe(ErrorCode.POLICY_VIOLATION);
    expect(await init('a')).toBe(0);
  });

  it('aborts a transaction past its timeout and fences its producer', async () => {
    const { broker, client } = await setup({ transactionTimeoutCheckIntervalMs: 10 });
    const p = await initTransactional(client, 'tx-timeout', 50);
    await addPartitions(client, p, 't', [0]);
    await produceTxn(client, p, 't', 0, ['late']);
    await pollUntil(() => broker.services.transactions.describe('tx-timeout')?.state === 'CompleteAbort');
    const read = await readValues(client, 't', 0, true);
    expect(read).toMatchObject({ values: [], lastStableOffset: 2 });
    expect(await endTxn(client, p, true)).toBe(ErrorCode.PRODUCER_FENCED);
  });
});
