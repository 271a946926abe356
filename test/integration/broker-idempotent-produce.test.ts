// Idempotent produce over a real socket, with hand-made batches: InitProducerId, sequence
// checks (duplicate answered with its first offset and stored once, gap, epoch, unknown
// producer), control batches refused, and the producer state surviving a restart.
import { afterEach, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../protocol/errors.js';
import { CONTROL_FLAG, encodeRecordBatch, type BatchProducer } from '../../protocol/record-batch.js';
import { crc32c } from '../../protocol/crc32c.js';
import { RawClient, useBrokerFixtures } from '../helpers/broker.js';
import { pollUntil } from '../helpers/poll-until.js';
import { startRestartableBroker, type RestartableBroker } from '../helpers/restartable-broker.js';

const fixtures = useBrokerFixtures();
const restartables: RestartableBroker[] = [];
afterEach(async () => {
  for (const b of restartables.splice(0)) await b.close();
});

const batch = (producer: BatchProducer, values: string[]) =>
  encodeRecordBatch(
    values.map((value) => ({ value })),
    1,
    producer,
  );

async function produce(client: RawClient, records: Buffer, topic = 't') {
  const response = await client.request('Produce', {
    acks: -1,
    timeoutMs: 1000,
    topics: [{ name: topic, partitions: [{ partition: 0, records }] }],
  });
  return response.topics[0]!.partitions[0]!;
}

async function endOffset(client: RawClient, topic = 't') {
  const response = await client.request('ListOffsets', {
    topics: [{ name: topic, partitions: [{ partition: 0, timestamp: -1 }] }],
  });
  return Number(response.topics[0]!.partitions[0]!.offset);
}

async function setup() {
  const broker = await fixtures.broker();
  const client = await fixtures.client(broker);
  await client.request('CreateTopics', { topics: [{ name: 't', numPartitions: 1 }] });
  return client;
}

async function newProducer(client: RawClient) {
  const init = await client.request('InitProducerId', {});
  expect(init).toMatchObject({ errorCode: 0, producerEpoch: 0 });
  return Number(init.producerId);
}

describe('InitProducerId', () => {
  it('hands out a different producer id each time', async () => {
    const client = await setup();
    const a = await newProducer(client);
    const b = await newProducer(client);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(b).not.toBe(a);
  });
});

describe('idempotent produce', () => {
  it('answers a retried batch with its first offset and stores it once', async () => {
    const client = await setup();
    const producerId = await newProducer(client);
    await produce(client, encodeRecordBatch([{ value: 'plain' }]));
    const first = batch({ producerId, producerEpoch: 0, baseSequence: 0 }, ['a', 'b']);
    expect(await produce(client, first)).toMatchObject({ errorCode: 0, baseOffset: 1 });
    expect(await produce(client, Buffer.from(first))).toMatchObject({ errorCode: 0, baseOffset: 1 });
    expect(await endOffset(client)).toBe(3);
    expect(await produce(client, batch({ producerId, producerEpoch: 0, baseSequence: 2 }, ['c']))).toMatchObject({
      errorCode: 0,
      baseOffset: 3,
    });
  });

  it('refuses a gap in the sequence with OUT_OF_ORDER_SEQUENCE_NUMBER and stores nothing', async () => {
    const client = await setup();
    const producerId = await newProducer(client);
    await produce(client, batch({ producerId, producerEpoch: 0, baseSequence: 0 }, ['a']));
    const gap = await produce(client, batch({ producerId, producerEpoch: 0, baseSequence: 2 }, ['c']));
    expect(gap).toMatchObject({ errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, baseOffset: -1 });
    expect(await endOffset(client)).toBe(1);
  });

  it('refuses an older epoch with INVALID_PRODUCER_EPOCH', async () => {
    const client = await setup();
    const producerId = await newProducer(client);
    await produce(client, batch({ producerId, producerEpoch: 1, baseSequence: 0 }, ['new']));
    const stale = await produce(client, batch({ producerId, producerEpoch: 0, baseSequence: 1 }, ['old']));
    expect(stale.errorCode).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
  });

  it('refuses a first batch that does not start at sequence 0 with UNKNOWN_PRODUCER_ID', async () => {
    const client = await setup();
    const producerId = await newProducer(client);
    const response = await produce(client, batch({ producerId, producerEpoch: 0, baseSequence: 5 }, ['a']));
    expect(response.errorCode).toBe(ErrorCode.UNKNOWN_PRODUCER_ID);
  });

  it('checks pipelined batches of one producer in order within one append flush', async () => {
    const client = await setup();
    const producerId = await newProducer(client);
    const sends = [0, 1, 2, 1].map((seq) =>
      produce(client, batch({ producerId, producerEpoch: 0, baseSequence: seq }, [`v${seq}`])),
    );
    const answers = await Promise.all(sends);
    expect(answers.map((a) => [a.errorCode, Number(a.baseOffset)])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [0, 1],
    ]);
    expect(await endOffset(client)).toBe(3);
  });

  it('refuses control batches from producers with INVALID_RECORD', async () => {
    const client = await setup();
    const marker = encodeRecordBatch([{ key: Buffer.from([0, 0, 0, 0]), value: Buffer.alloc(6) }]);
    marker.writeInt16BE(CONTROL_FLAG, 21);
    marker.writeUInt32BE(crc32c(marker, 21, marker.length), 17);
    expect((await produce(client, marker)).errorCode).toBe(ErrorCode.INVALID_RECORD);
  });

  it('forgets an idle producer after producerIdExpirationMs: its next sequence is UNKNOWN_PRODUCER_ID', async () => {
    const broker = await fixtures.broker({ producerIdExpirationMs: 1, transactionTimeoutCheckIntervalMs: 10 });
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 't', numPartitions: 1 }] });
    const producerId = await newProducer(client);
    await produce(client, batch({ producerId, producerEpoch: 0, baseSequence: 0 }, ['a']));
    const log = broker.services.topics.get('t')!.partitions[0]!;
    await pollUntil(() => log.producers.size === 0);
    const next = await produce(client, batch({ producerId, producerEpoch: 0, baseSequence: 1 }, ['b']));
    expect(next.errorCode).toBe(ErrorCode.UNKNOWN_PRODUCER_ID);
  });

  it('keeps the producer state across a restart: a retry after it is still a duplicate', async () => {
    const broker = await startRestartableBroker();
    restartables.push(broker);
    let client = await RawClient.connectTo(broker.brokers[0]!);
    await client.request('CreateTopics', { topics: [{ name: 't', numPartitions: 1 }] });
    const producerId = await newProducer(client);
    const first = batch({ producerId, producerEpoch: 0, baseSequence: 0 }, ['a']);
    expect(await produce(client, first)).toMatchObject({ errorCode: 0, baseOffset: 0 });
    client.destroy();
    await broker.kill();
    await broker.start();
    client = await RawClient.connectTo(broker.brokers[0]!);
    try {
      expect(await produce(client, Buffer.from(first))).toMatchObject({ errorCode: 0, baseOffset: 0 });
      expect(await endOffset(client)).toBe(1);
      const gap = await produce(client, batch({ producerId, producerEpoch: 0, baseSequence: 3 }, ['x']));
      expect(gap.errorCode).toBe(ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER);
      expect(Number((await client.request('InitProducerId', {})).producerId)).toBeGreaterThan(producerId);
    } finally {
      client.destroy();
    }
  });
});
