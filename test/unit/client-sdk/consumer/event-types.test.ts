// Listener payloads are typed from the event name alone (checked by `npm run typecheck`; the
// runtime part only makes sure an unknown name is still refused).
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  Client,
  ConsumerEvents,
  type CrashPayload,
  type GroupJoinPayload,
  type InstrumentationEvent,
  type MinibrokerError,
} from '../../../../client-sdk/index.js';

const consumer = () => new Client({ clientId: 'types', brokers: ['127.0.0.1:1'] }).consumer({ groupId: 'g' });

describe('consumer event payload types', () => {
  it('infers each payload from the event name, without a type argument', () => {
    const c = consumer();
    c.on(ConsumerEvents.GROUP_JOIN, (e) => expectTypeOf(e).toEqualTypeOf<InstrumentationEvent<GroupJoinPayload>>());
    c.on(c.events.CRASH, ({ payload }) => expectTypeOf(payload).toEqualTypeOf<CrashPayload>());
    c.on('consumer.crash', ({ payload }) => expectTypeOf(payload.error).toEqualTypeOf<MinibrokerError>());
    c.on(ConsumerEvents.HEARTBEAT, ({ payload }) => expectTypeOf(payload.groupGenerationId).toEqualTypeOf<number>());
    c.on(ConsumerEvents.COMMIT_OFFSETS, ({ payload }) =>
      expectTypeOf(payload.topics[0]!.partitions[0]!.offset).toEqualTypeOf<string>(),
    );
    // @ts-expect-error not a field of the group_join payload
    c.on(ConsumerEvents.GROUP_JOIN, ({ payload }) => payload.notAField);
  });

  it('still accepts a payload type named by the caller', () => {
    consumer().on<{ restart: boolean }>(ConsumerEvents.CRASH, ({ payload }) =>
      expectTypeOf(payload.restart).toEqualTypeOf<boolean>(),
    );
  });

  it('refuses an unknown event name at run time', () => {
    expect(() => consumer().on('consumer.nope' as typeof ConsumerEvents.CRASH, () => {})).toThrow(
      /unknown event "consumer.nope"/,
    );
  });
});
