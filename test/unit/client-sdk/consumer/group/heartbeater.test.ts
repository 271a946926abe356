import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Heartbeater } from '../../../../../client-sdk/consumer/group/heartbeater.js';

describe('Heartbeater', () => {
  beforeEach(() => void vi.useFakeTimers());
  afterEach(() => void vi.useRealTimers());

  function make(beatOk = true, handlerMs = 0) {
    const events: string[] = [];
    const state = { beatOk, handlerMs };
    const heartbeater = new Heartbeater(
      { heartbeatInterval: 100, sessionTimeout: 350, maxPollInterval: 1000 },
      {
        beat: async () => (events.push('beat'), state.beatOk),
        longestHandlerMs: () => state.handlerMs,
        onPollTimeout: () => void events.push('poll-timeout'),
        onSessionExpired: () => void events.push('session-expired'),
      },
    );
    return { heartbeater, events, state };
  }

  it('beats every interval, whatever the handlers do', async () => {
    const { heartbeater, events, state } = make(true, 900);
    heartbeater.start();
    await vi.advanceTimersByTimeAsync(350);
    expect(events).toEqual(['beat', 'beat', 'beat']);
    state.handlerMs = 1001;
    await vi.advanceTimersByTimeAsync(100);
    expect(events.at(-1)).toBe('poll-timeout');
    heartbeater.stop();
  });

  it('does not watch handlers while told not to (revoking waits for them)', async () => {
    const { heartbeater, events } = make(true, 5000);
    heartbeater.start(false);
    await vi.advanceTimersByTimeAsync(200);
    expect(events).toEqual(['beat', 'beat']);
    heartbeater.stop();
  });

  it('reports the session as expired after a session without a counted heartbeat', async () => {
    const { heartbeater, events } = make(false);
    heartbeater.start();
    await vi.advanceTimersByTimeAsync(400);
    expect(events).toEqual(['beat', 'beat', 'beat', 'session-expired']);
    heartbeater.stop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(events).toHaveLength(4);
  });
});
