// A consumer that meets a stored batch it cannot use never spins: it hands over the records
// before it, then crashes with a non-retriable CORRUPT_MESSAGE error that says where to seek to
// move on. Fetches are counted at the broker (request interceptor), not timed.
import { describe, expect, it } from 'vitest';
import {
  MinibrokerCorruptBatchError,
  type Consumer,
  type InstrumentationEvent,
  type MinibrokerError,
} from '../../client-sdk/index.js';
import { encodeRecordBatch, setBaseOffset } from '../../protocol/record-batch.js';
import type { FetchResponse } from '../../protocol/messages.js';
import type { RequestInterceptor } from '../../server/index.js';
import { pollUntil } from '../helpers/poll-until.js';
import { corruptBatches } from '../helpers/raw-batch.js';
import { setup } from '../helpers/sdk.js';
import { storeUnchecked } from '../helpers/unchecked-store.js';

/** Far more fetches than consuming a few records takes: past this, the consumer is looping. */
const SPINNING = 50;
/** Long polls last this long, so a consumer with nothing new to read fetches rarely and only a loop reaches SPINNING. */
const LONG_POLL = { maxWaitTimeInMs: 10_000 };

interface Crash {
  error: MinibrokerError;
  restart: boolean;
}

function watch(consumer: Consumer) {
  const seen: { values: string[]; crash?: Crash } = { values: [] };
  consumer.on<Crash>('consumer.crash', (event: InstrumentationEvent<Crash>) => (seen.crash ??= event.payload));
  return seen;
}

async function fetchCountingSetup(interceptFetch?: (response: FetchResponse) => void) {
  let fetches = 0;
  const requestInterceptor: RequestInterceptor = async (call, next) => {
    if (call.api !== 'Fetch') return next();
    fetches++;
    const response = (await next()) as FetchResponse | undefined;
    if (response) interceptFetch?.(response);
    return response;
  };
  const sdk = await setup({ requestInterceptor });
  return { ...sdk, fetches: () => fetches };
}

describe('a consumer meeting an unusable batch', () => {
  for (const kind of [
    'offset deltas that repeat',
    'key length past its record',
    'header count above the headers present',
  ]) {
    it(`with ${kind}: consumes what comes before, then crashes once without looping`, async () => {
      const sdk = await fetchCountingSetup();
      const producer = await sdk.producer();
      await producer.send({ topic: 't', messages: [{ value: 'a' }, { value: 'b' }] });
      const bad = corruptBatches()[kind]!;
      // The unusable batch is the last one, as when the consumer met it live and looped on it.
      const { baseOffset } = await storeUnchecked(sdk.broker, 't', 0, bad);
      const nextOffset = baseOffset + bad.readInt32BE(23) + 1;

      const consumer = await sdk.consumer(LONG_POLL);
      const seen = watch(consumer);
      consumer.assign([{ topic: 't', partition: 0, offset: '0' }]);
      await consumer.run({ eachMessage: async ({ message }) => void seen.values.push(String(message.value)) });
      const outcome = await pollUntil(() => seen.crash ?? (sdk.fetches() > SPINNING && 'spinning'), 15_000);

      expect(outcome, `fetched ${sdk.fetches()} times`).not.toBe('spinning');
      expect(seen.values).toEqual(['a', 'b']);
      const { error, restart } = seen.crash!;
      expect(error).toBeInstanceOf(MinibrokerCorruptBatchError);
      expect(error).toMatchObject({
        type: 'CORRUPT_MESSAGE',
        retriable: false,
        topic: 't',
        partition: 0,
        offset: baseOffset,
        nextOffset,
      });
      expect(error.message).toMatch(
        new RegExp(`t/0 at offset ${baseOffset}: corrupt record batch: .*seek to offset ${nextOffset}`),
      );
      expect(restart).toBe(false);
      // The fetcher stopped with the crash: a round trip later, no further fetch has come in.
      const fetchesAtCrash = sdk.fetches();
      await (await sdk.admin()).fetchTopicOffsets('t');
      expect(sdk.fetches()).toBe(fetchesAtCrash);

      // Seeking where the error says moves on past the batch.
      await producer.send({ topic: 't', messages: [{ value: 'after' }] });
      const next = await sdk.consumer();
      const after = watch(next);
      next.assign([{ topic: 't', partition: 0, offset: String((error as MinibrokerCorruptBatchError).nextOffset) }]);
      await next.run({ eachMessage: async ({ message }) => void after.values.push(String(message.value)) });
      await pollUntil(() => after.values.length > 0 || after.crash);
      expect(after).toEqual({ values: ['after'] });
    });
  }

  it('crashes instead of looping when a fetch returns only records below its offset', async () => {
    // A broker (or proxy) that answers every fetch with the first batch again.
    const first = encodeRecordBatch([{ value: 'a' }]);
    setBaseOffset(first, 0);
    const sdk = await fetchCountingSetup((response) => {
      for (const p of response.topics[0]?.partitions ?? []) if (p.records.length > 0) p.records = first;
    });
    const producer = await sdk.producer();
    await producer.send({ topic: 'stuck', messages: [{ value: 'a' }, { value: 'b' }] });
    const consumer = await sdk.consumer(LONG_POLL);
    const seen = watch(consumer);
    consumer.assign([{ topic: 'stuck', partition: 0, offset: '0' }]);
    await consumer.run({ eachMessage: async ({ message }) => void seen.values.push(String(message.value)) });
    const outcome = await pollUntil(() => seen.crash ?? (sdk.fetches() > SPINNING && 'spinning'), 15_000);

    expect(outcome, `fetched ${sdk.fetches()} times`).not.toBe('spinning');
    expect(seen.values).toEqual(['a']);
    expect(seen.crash!.error).toMatchObject({ type: 'CORRUPT_MESSAGE', retriable: false, offset: 1 });
    expect(seen.crash!.error.message).toMatch(/stuck\/0 at offset 1 returned no complete record/);
  });
});
