// A producer send during a broker outage: it waits (reconnecting with backoff) as long as its
// timeout allows and succeeds once the broker is back, or rejects with a retriable error when
// the outage outlasts the timeout — never hanging, never a non-retriable error.
import { afterEach, describe, expect, it } from 'vitest';
import { Client, ErrorCode, MinibrokerError, type Producer, type RecordMetadata } from '../../client-sdk/index.js';
import { captureLogger, type LogLine } from '../helpers/capture-logger.js';
import { pollUntil } from '../helpers/poll-until.js';
import { startRestartableBroker } from '../helpers/restartable-broker.js';

const retry = { initialRetryTime: 10, maxRetryTime: 50, retries: 3 };
const BEYOND_BUDGET = 4 * (retry.retries + 1);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function connectedProducer() {
  const broker = await startRestartableBroker();
  cleanups.push(() => broker.close());
  const logger = captureLogger();
  const producer = new Client({ clientId: 'holder', brokers: broker.brokers, logger, retry }).producer();
  cleanups.push(() => producer.disconnect());
  await producer.connect();
  const [first] = await producer.send({ topic: 'held', messages: [{ value: 'first' }] });
  expect(first!.baseOffset).toBe('0');
  return { broker, producer, logger };
}

type Outcome = RecordMetadata[] | Error | undefined;

/** Starts a send while the broker is away and waits until the producer has retried past its budget, still holding it. */
async function sendHeldBeyondBudget(
  producer: Producer,
  logger: { lines: LogLine[] },
  topic: string,
  value: string,
): Promise<{ settled: Promise<Outcome> }> {
  let outcome: Outcome;
  const settled = producer.send({ topic, messages: [{ value }], timeout: 10_000 }).then(
    (result) => (outcome = result),
    (error: Error) => (outcome = error),
  );
  await pollUntil(
    () => outcome !== undefined || logger.lines.filter((l) => l.msg === 'reconnecting').length >= BEYOND_BUDGET,
  );
  expect(outcome).toBeUndefined();
  return { settled };
}

describe('a producer send during a broker outage', () => {
  it('waits through an outage shorter than its timeout (longer than its retry budget) and succeeds', async () => {
    const { broker, producer, logger } = await connectedProducer();
    await broker.kill();
    const { settled } = await sendHeldBeyondBudget(producer, logger, 'held', 'second');
    await broker.start();
    expect(await settled).toMatchObject([{ partition: 0, baseOffset: '1' }]);
    expect(logger.lines.filter((l) => l.level === 'warn' || l.level === 'error').map((l) => l.msg)).toEqual([
      'broker unreachable; reconnecting in the background',
    ]);
    expect(logger.lines.filter((l) => l.msg === 'broker reachable again').map((l) => l.level)).toEqual(['info']);
  });

  it('waits for the metadata of a topic it never sent to, as long as its timeout allows', async () => {
    const { broker, producer, logger } = await connectedProducer();
    await broker.stop();
    const { settled } = await sendHeldBeyondBudget(producer, logger, 'new-topic', 'first');
    await broker.start();
    expect(await settled).toMatchObject([{ topicName: 'new-topic', baseOffset: '0' }]);
  });

  it('rejects with a retriable error once an outage outlasts its timeout, then works again after the restart', async () => {
    const { broker, producer } = await connectedProducer();
    await broker.stop();
    const error = await producer.send({ topic: 'held', messages: [{ value: 'lost' }], timeout: 200 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MinibrokerError);
    expect(error).toMatchObject({ retriable: true, code: ErrorCode.NETWORK_EXCEPTION });
    await broker.start();
    const [again] = await producer.send({ topic: 'held', messages: [{ value: 'third' }] });
    expect(again!.baseOffset).toBe('1');
  });
});
