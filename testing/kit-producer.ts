// The kit's own producer (the real SDK, over a socket), connected on first use and dropped on
// reset so its metadata never outlives the topics it describes.
import { Client, type Message, type Producer, type RecordMetadata, type SaslOptions } from '../client-sdk/index.js';

/** The client id the kit's own requests carry, so faults aimed at a service can leave them alone. */
export const TEST_CLIENT_ID = 'minibroker-testing';

/** A record to produce: a full message, or just its value. */
export type TestRecord = Message | string;

export class KitProducer {
  private producer: Promise<Producer> | undefined;

  constructor(
    private readonly brokers: string[],
    private readonly sasl?: SaslOptions,
  ) {}

  async send(topic: string, records: readonly TestRecord[]): Promise<RecordMetadata[]> {
    const input: unknown = records;
    if (!Array.isArray(input))
      throw new TypeError('produce(topic, records) takes an array of messages or string values');
    const messages = records.map((r): Message => (typeof r === 'string' ? { value: r } : r));
    const producer = await (this.producer ??= this.connect());
    return producer.send({ topic, messages });
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    if (producer) await (await producer.catch(() => undefined))?.disconnect();
  }

  private async connect(): Promise<Producer> {
    const client = new Client({
      clientId: TEST_CLIENT_ID,
      brokers: this.brokers,
      sasl: this.sasl,
      logLevel: 'nothing',
      retry: { retries: 5, initialRetryTime: 10 },
    });
    const producer = client.producer({ lingerMs: 0 });
    try {
      await producer.connect();
    } catch (error) {
      this.producer = undefined;
      throw error;
    }
    return producer;
  }
}
