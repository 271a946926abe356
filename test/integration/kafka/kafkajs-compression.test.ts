// KafkaJS with every compression codec. KafkaJS ships gzip only and takes the others as plug-in
// codecs; here they are plugged in from minibroker's own codecs (protocol/compression), which is
// also how a KafkaJS service can get them. Batches a KafkaJS producer compresses are checked and
// stored by the broker, read back by KafkaJS and by our SDK; batches our SDK compresses are read
// by KafkaJS.
import { CompressionCodecs, CompressionTypes, Kafka, logLevel } from 'kafkajs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client, CompressionTypes as SdkCompression, type KafkaMessage } from '../../../client-sdk/index.js';
import { compressionReady, compressRecords, decompressRecords } from '../../../protocol/compression/index.js';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { pollUntil } from '../../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const PLUGGED = { Snappy: 2, LZ4: 3, ZSTD: 4 } as const;

beforeAll(async () => {
  await compressionReady();
  for (const [name, type] of Object.entries(PLUGGED)) {
    CompressionCodecs[CompressionTypes[name as keyof typeof PLUGGED]] = () => ({
      compress: async (encoder: { buffer: Buffer }) => compressRecords(type, encoder.buffer),
      decompress: async (buffer: Buffer) => decompressRecords(type, buffer),
    });
  }
});

const CODECS = ['None', 'GZIP', 'Snappy', 'LZ4', 'ZSTD'] as const;

describe('KafkaJS compression', () => {
  it.each(CODECS)(
    '%s: KafkaJS produces, KafkaJS and our SDK consume; our SDK produces, KafkaJS consumes',
    async (codec) => {
      const broker = await fixtures.broker();
      const kafka = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING, retry: { retries: 0 } });
      const topic = `codec-${codec.toLowerCase()}`;
      const producer = kafka.producer();
      await producer.connect();
      closers.push(() => producer.disconnect());
      const values = Array.from({ length: 50 }, (_, i) => `value ${i} `.repeat(10));
      await producer.send({
        topic,
        compression: CompressionTypes[codec],
        messages: values.map((value, i) => ({ key: `k${i}`, value, headers: { i: String(i) } })),
      });

      const sdk = new Client({ brokers: broker.brokers });
      const sdkProducer = sdk.producer();
      await sdkProducer.connect();
      closers.push(() => sdkProducer.disconnect());
      await sdkProducer.send({
        topic,
        compression: SdkCompression[codec],
        messages: [{ key: 'sdk', value: 'from-sdk' }],
      });

      const consumer = kafka.consumer({ groupId: `${topic}-readers`, maxWaitTimeInMs: 100 });
      await consumer.connect();
      closers.push(() => consumer.disconnect());
      await consumer.subscribe({ topic, fromBeginning: true });
      const seen: string[] = [];
      await consumer.run({ eachMessage: async ({ message }) => void seen.push(String(message.value)) });
      await pollUntil(() => seen.length >= values.length + 1);
      expect(seen).toEqual([...values, 'from-sdk']);

      const sdkConsumer = sdk.consumer();
      await sdkConsumer.connect();
      closers.push(() => sdkConsumer.disconnect());
      sdkConsumer.assign([{ topic, partition: 0, offset: '0' }]);
      const received: KafkaMessage[] = [];
      await sdkConsumer.run({ eachMessage: async ({ message }) => void received.push(message) });
      await pollUntil(() => received.length >= values.length + 1);
      expect(received.map((m) => [m.key?.toString(), m.headers?.i?.toString()]).slice(0, 2)).toEqual([
        ['k0', '0'],
        ['k1', '1'],
      ]);
    },
  );
});
