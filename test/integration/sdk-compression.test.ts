// Compressed batches over real sockets: the SDK's producer compresses with each codec, the broker
// checks and stores the batches as sent, and both the consumer and the admin API read them back.
// A compressed batch that expands past the bound is refused, and nothing of it is stored.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CompressionTypes, type KafkaMessage } from '../../client-sdk/index.js';
import { MAX_DECOMPRESSED_BYTES } from '../../protocol/compression/index.js';
import { crc32c } from '../../protocol/crc32c.js';
import { ErrorCode } from '../../protocol/errors.js';
import { BATCH_HEADER_BYTES, encodeRecordBatch } from '../../protocol/record-batch.js';
import { useBrokerFixtures } from '../helpers/broker.js';
import { setup } from '../helpers/sdk.js';

const fixtures = useBrokerFixtures();

describe('compression', () => {
  it('every codec: produced compressed, stored as sent, consumed and browsed as the records sent', async () => {
    const sdk = await setup({ httpPort: 0 });
    const admin = await sdk.admin();
    const codecs = Object.entries(CompressionTypes);
    await admin.createTopics({ topics: codecs.map(([name]) => ({ topic: `c-${name}`, numPartitions: 1 })) });
    const producer = await sdk.producer();
    const messages = Array.from({ length: 200 }, (_, i) => ({
      key: `k${i}`,
      value: JSON.stringify({ i, text: 'compressible '.repeat(8) }),
      headers: { seq: String(i) },
    }));
    for (const [name, compression] of codecs) await producer.send({ topic: `c-${name}`, messages, compression });

    const sizes = new Map<string, number>();
    for (const [name] of codecs) {
      const topic = `c-${name}`;
      const consumer = await sdk.consumer();
      consumer.assign([{ topic, partition: 0 }]);
      const received: KafkaMessage[] = [];
      await new Promise<void>((resolve) => {
        void consumer.run({
          eachMessage: async ({ message }) => {
            received.push(message);
            if (received.length === messages.length) resolve();
          },
        });
      });
      await consumer.disconnect();
      expect(
        received.map((m) => [m.key?.toString(), m.value?.toString(), m.headers?.seq?.toString()]),
        name,
      ).toEqual(messages.map((m) => [m.key, m.value, m.headers.seq]));
      const page = await fetch(`${sdk.broker.adminUrl}/api/topics/${topic}/messages?from=oldest&limit=3`);
      const body = (await page.json()) as { messages: { offset: number; value: { data: string } }[] };
      expect(
        body.messages.map((m) => [m.offset, JSON.parse(m.value.data).i]),
        name,
      ).toEqual([
        [0, 0],
        [1, 1],
        [2, 2],
      ]);
      const described = await fetch(`${sdk.broker.adminUrl}/api/topics/${topic}`);
      sizes.set(name, ((await described.json()) as { sizeBytes: number }).sizeBytes);
    }
    // Stored as sent: every codec's batches take less room than the uncompressed ones.
    for (const [name] of codecs.slice(1)) expect(sizes.get(name), name).toBeLessThan(sizes.get('None')!);
  });

  it('refuses a batch that would decompress past the bound; the log is untouched', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 'bombs', numPartitions: 1 }] });
    const header = encodeRecordBatch([{ value: 'x', timestamp: 1 }]).subarray(0, BATCH_HEADER_BYTES);
    const bomb = Buffer.concat([header, gzipSync(Buffer.alloc(MAX_DECOMPRESSED_BYTES + 1))]);
    bomb.writeInt32BE(bomb.length - 12, 8);
    bomb.writeInt16BE(CompressionTypes.GZIP, 21);
    bomb.writeUInt32BE(crc32c(bomb, 21, bomb.length), 17);
    const response = await client.request('Produce', {
      acks: 1,
      topics: [{ name: 'bombs', partitions: [{ partition: 0, records: bomb }] }],
    });
    const partition = response.topics[0]!.partitions[0]!;
    expect(partition.errorCode).toBe(ErrorCode.CORRUPT_MESSAGE);
    expect(partition.errorMessage).toMatch(/expands past/);
    const offsets = await client.request('ListOffsets', {
      topics: [{ name: 'bombs', partitions: [{ partition: 0, timestamp: -1 }] }],
    });
    expect(offsets.topics[0]!.partitions[0]!.offset).toBe(0);
  });

  it('rejects an unknown compression setting before sending anything', async () => {
    const sdk = await setup();
    const producer = await sdk.producer();
    await expect(producer.send({ topic: 't', messages: [{ value: 'v' }], compression: 9 as never })).rejects.toThrow(
      /compression must be one of CompressionTypes/,
    );
  });
});
