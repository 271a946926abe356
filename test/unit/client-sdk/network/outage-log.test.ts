import { describe, expect, it } from 'vitest';
import { OutageLog } from '../../../../client-sdk/network/outage-log.js';
import { captureLogger } from '../../../helpers/capture-logger.js';

describe('outage log', () => {
  it('says once that a broker went away and once that it is back, per outage and broker', () => {
    const logger = captureLogger();
    const outages = new OutageLog(logger);
    outages.reachable('a:1'); // never away: nothing to say
    for (let i = 0; i < 5; i++) outages.unreachable('a:1', new Error('refused'));
    outages.unreachable('b:2', new Error('refused'));
    outages.reachable('a:1');
    outages.reachable('a:1');
    outages.unreachable('a:1', new Error('reset'));
    expect(logger.lines.map((l) => [l.level, l.msg, l.fields.broker])).toEqual([
      ['warn', 'broker unreachable; reconnecting in the background', 'a:1'],
      ['warn', 'broker unreachable; reconnecting in the background', 'b:2'],
      ['info', 'broker reachable again', 'a:1'],
      ['warn', 'broker unreachable; reconnecting in the background', 'a:1'],
    ]);
    expect(typeof logger.lines[2]!.fields.unreachableMs).toBe('number');
  });
});
