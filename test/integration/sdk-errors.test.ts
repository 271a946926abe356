// Bad input and failures through the SDK: clear errors before anything is sent, broker error
// codes surfaced, handler failures retried then crashing the consumer.
import { describe, expect, it } from 'vitest';
import {
  Client,
  ErrorCode,
  MinibrokerError,
  MinibrokerInvalidArgumentError,
  MinibrokerNotConnectedError,
  MinibrokerRequestTooLargeError,
  type Consumer,
  type InstrumentationEvent,
} from '../../client-sdk/index.js';
import { setup } from '../helpers/sdk.js';

type CrashPayload = { error: MinibrokerError; restart: boolean };
const crashOf = (consumer: Consumer) =>
  new Promise<CrashPayload>((resolve) =>
    consumer.on<CrashPayload>('consumer.crash', (event: InstrumentationEvent<CrashPayload>) => resolve(event.payload)),
  );

describe('SDK input errors', () => {
  it('rejects bad producer input before sending anything', async () => {
    const sdk = await setup();
    const producer = await sdk.producer();
    const admin = await sdk.admin();
    await admin.createTopics({ topics: [{ topic: 'two', numPartitions: 2 }] });
    const cases: [unknown, RegExp, string][] = [
      [{ topic: 'bad name!', messages: [{ value: 'x' }] }, /may contain only/, 'INVALID_TOPIC_EXCEPTION'],
      [{ topic: '', messages: [{ value: 'x' }] }, /non-empty/, 'INVALID_TOPIC_EXCEPTION'],
      [{ topic: 'two', messages: [{ key: 'k' }] }, /has no value/, 'INVALID_ARGUMENT'],
      [{ topic: 'two', messages: [{ value: 42 }] }, /value must be/, 'INVALID_ARGUMENT'],
      [{ topic: 'two', messages: [{ value: 'x', partition: -1 }] }, /non-negative integer/, 'INVALID_ARGUMENT'],
      [{ topic: 'two', messages: [{ value: 'x', partition: 2 }] }, /partition 2 does not exist/, 'INVALID_ARGUMENT'],
      [{ topic: 'two', messages: [{ value: 'x', timestamp: 'yesterday' }] }, /timestamp/, 'INVALID_ARGUMENT'],
      [{ topic: 'two', messages: [{ value: 'x', headers: { h: 1 } }] }, /header "h"/, 'INVALID_ARGUMENT'],
      [{ topic: 'two', messages: 'x' }, /must be an array/, 'INVALID_ARGUMENT'],
      [{ topic: 'two', messages: [{ value: 'x' }], acks: 2 }, /acks must be/, 'INVALID_REQUIRED_ACKS'],
    ];
    for (const [record, message, type] of cases) {
      const error = await producer.send(record as never).catch((e: unknown) => e);
      expect(error, JSON.stringify(record)).toBeInstanceOf(MinibrokerInvalidArgumentError);
      expect((error as Error).message).toMatch(message);
      expect((error as MinibrokerError).type).toBe(type);
      expect((error as MinibrokerError).retriable).toBe(false);
    }
    // A send mixing good and bad messages stores nothing.
    await expect(
      producer.send({
        topic: 'two',
        messages: [
          { value: 'ok', partition: 0 },
          { value: 'x', partition: 5 },
        ],
      }),
    ).rejects.toThrow(/does not exist/);
    expect((await admin.fetchTopicOffsets('two')).map((o) => o.high)).toEqual(['0', '0']);
    expect(await admin.listTopics()).toEqual(['two']);
  });

  it('refuses calls before connect', async () => {
    const sdk = await setup();
    await expect(sdk.client.producer().send({ topic: 't', messages: [{ value: 'x' }] })).rejects.toBeInstanceOf(
      MinibrokerNotConnectedError,
    );
    await expect(sdk.client.admin().listTopics()).rejects.toBeInstanceOf(MinibrokerNotConnectedError);
    await expect(sdk.client.consumer().run({ eachMessage: async () => {} })).rejects.toBeInstanceOf(
      MinibrokerNotConnectedError,
    );
  });

  it('validates client and consumer arguments', async () => {
    expect(() => new Client({ brokers: [] })).toThrow(MinibrokerInvalidArgumentError);
    expect(() => new Client({ brokers: ['no-port'] }).producer()).toThrow(/host:port/);
    const sdk = await setup();
    const consumer = await sdk.consumer();
    expect(() => consumer.assign([{ topic: 'bad topic', partition: 0 }])).toThrow(MinibrokerInvalidArgumentError);
    expect(() => consumer.assign([{ topic: 't', partition: 1.5 }])).toThrow(/partition/);
    expect(() => consumer.assign([{ topic: 't', partition: 0, offset: 'soon' }])).toThrow(/offset/);
    expect(() => consumer.seek({ topic: 't', partition: 0, offset: '1' })).toThrow(/not assigned/);
    await expect(consumer.run({})).rejects.toThrow(/exactly one of eachMessage or eachBatch/);
    expect(() => consumer.on('consumer.nonsense' as never, () => {})).toThrow(/unknown event/);
    consumer.assign([{ topic: 'exists', partition: 3 }]);
    const producer = await sdk.producer();
    await producer.send({ topic: 'exists', messages: [{ value: 'x' }] });
    await expect(consumer.run({ eachMessage: async () => {} })).rejects.toMatchObject({
      type: 'UNKNOWN_TOPIC_OR_PARTITION',
    });
  });

  it("refuses a request over the client frame limit and surfaces the broker's MESSAGE_TOO_LARGE", async () => {
    const sdk = await setup({ maxBatchBytes: 10_000 });
    const small = new Client({
      clientId: 'small',
      brokers: sdk.broker.brokers,
      logLevel: 'nothing',
      maxFrameBytes: 4096,
    });
    const limited = small.producer();
    await limited.connect();
    try {
      await expect(limited.send({ topic: 'big', messages: [{ value: Buffer.alloc(5000) }] })).rejects.toBeInstanceOf(
        MinibrokerRequestTooLargeError,
      );
    } finally {
      await limited.disconnect();
    }
    const producer = await sdk.producer();
    await expect(producer.send({ topic: 'big', messages: [{ value: Buffer.alloc(20_000) }] })).rejects.toMatchObject({
      code: ErrorCode.MESSAGE_TOO_LARGE,
      retriable: false,
    });
  });

  it('fails a send to a missing topic when auto-creation is off', async () => {
    const sdk = await setup({ autoCreateTopics: false });
    const producer = await sdk.producer({ allowAutoTopicCreation: false, retry: { retries: 1, initialRetryTime: 10 } });
    await expect(producer.send({ topic: 'missing', messages: [{ value: 'x' }] })).rejects.toMatchObject({
      code: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
    });
  });
});

describe('SDK consumer failures', () => {
  it('retries a failing eachMessage on the same message, then crashes', async () => {
    const sdk = await setup();
    const producer = await sdk.producer();
    await producer.send({ topic: 'fails', messages: [{ value: 'a' }, { value: 'b' }] });
    const consumer = await sdk.consumer({ retry: { retries: 2, initialRetryTime: 5 } });
    consumer.assign([{ topic: 'fails', partition: 0 }]);
    const crashed = crashOf(consumer);
    const stopped = new Promise<void>((resolve) => consumer.on('consumer.stop', () => resolve()));
    const offsets: string[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        offsets.push(message.offset);
        throw new Error('handler broke');
      },
    });
    const { error, restart } = await crashed;
    expect(error.message).toMatch(/handler broke/);
    // A handler bug (a plain Error) is not retriable: the consumer stays stopped.
    expect(restart).toBe(false);
    expect(offsets).toEqual(['0', '0', '0']);
    await stopped;
  });

  it('recovers a transient handler failure without losing the message', async () => {
    const sdk = await setup();
    const producer = await sdk.producer();
    await producer.send({ topic: 'flaky', messages: [{ value: 'a' }, { value: 'b' }] });
    const consumer = await sdk.consumer({ retry: { retries: 3, initialRetryTime: 5 } });
    consumer.assign([{ topic: 'flaky', partition: 0 }]);
    const seen: string[] = [];
    let done!: () => void;
    const finished = new Promise<void>((resolve) => (done = resolve));
    await consumer.run({
      eachMessage: async ({ message }) => {
        seen.push(message.value!.toString());
        if (seen.length === 1) throw new Error('once');
        if (message.value!.toString() === 'b') done();
      },
    });
    await finished;
    expect(seen).toEqual(['a', 'a', 'b']);
  });

  it('resets an out-of-range offset per autoOffsetReset, or crashes with none', async () => {
    const sdk = await setup();
    const producer = await sdk.producer();
    await producer.send({ topic: 'range', messages: [{ value: 'first' }] });
    const resetting = await sdk.consumer({ autoOffsetReset: 'earliest' });
    resetting.assign([{ topic: 'range', partition: 0, offset: 100 }]);
    let got!: (value: string) => void;
    const value = new Promise<string>((resolve) => (got = resolve));
    await resetting.run({ eachMessage: async ({ message }) => got(message.value!.toString()) });
    expect(await value).toBe('first');

    const strict = await sdk.consumer({ autoOffsetReset: 'none' });
    strict.assign([{ topic: 'range', partition: 0, offset: 100 }]);
    const crashed = crashOf(strict);
    await strict.run({ eachMessage: async () => {} });
    expect((await crashed).error).toMatchObject({ type: 'OFFSET_OUT_OF_RANGE', code: 1 });
  });

  it('emits fetch and batch events only to listeners', async () => {
    const sdk = await setup();
    const producer = await sdk.producer();
    await producer.send({ topic: 'events', messages: [{ value: 'a' }] });
    const consumer = await sdk.consumer();
    consumer.assign([{ topic: 'events', partition: 0 }]);
    const types: string[] = [];
    for (const type of [consumer.events.FETCH, consumer.events.START_BATCH_PROCESS, consumer.events.END_BATCH_PROCESS])
      consumer.on(type, (e) => types.push(e.type));
    const ended = new Promise<void>((resolve) => consumer.on('consumer.end_batch_process', () => resolve()));
    await consumer.run({ eachMessage: async () => {} });
    await ended;
    expect(types).toEqual(
      expect.arrayContaining(['consumer.fetch', 'consumer.start_batch_process', 'consumer.end_batch_process']),
    );
  });

  it('gives up with a retriable-cause error when the broker is gone', async () => {
    const sdk = await setup();
    const client = new Client({
      clientId: 'gone',
      brokers: sdk.broker.brokers,
      logLevel: 'nothing',
      retry: { retries: 1, initialRetryTime: 10 },
    });
    const producer = client.producer();
    await producer.connect();
    await producer.send({ topic: 'gone', messages: [{ value: 'x' }] });
    await sdk.broker.close();
    // A send waits for an unreachable broker as long as its timeout allows.
    const error = await producer
      .send({ topic: 'gone', messages: [{ value: 'y' }], timeout: 100 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MinibrokerError);
    expect(error).toMatchObject({ code: ErrorCode.NETWORK_EXCEPTION, retriable: true });
    await producer.disconnect();
  });
});
