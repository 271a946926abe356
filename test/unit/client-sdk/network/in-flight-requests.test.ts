import { describe, expect, it } from 'vitest';
import { InFlightRequests } from '../../../../client-sdk/network/in-flight-requests.js';
import { payload, promotedWhile } from '../../../helpers/young-garbage.js';

describe('InFlightRequests', () => {
  it('takes an entry once, counts what is waiting, and hands over everything on takeAll', () => {
    const requests = new InFlightRequests<string>();
    requests.add(7, 'a');
    requests.add(8, 'b');
    requests.add(9, 'c');
    expect(requests.size).toBe(3);
    expect(requests.take(8)).toBe('b');
    expect(requests.take(8)).toBeUndefined();
    expect(requests.size).toBe(2);
    expect(requests.takeAll()).toEqual(['a', 'c']);
    expect(requests.size).toBe(0);
    expect(requests.take(7)).toBeUndefined();
  });

  it('keeps no answered request alive through young collections after a full collection made it old', async () => {
    const requests = new InFlightRequests<unknown>();
    let id = 1;
    // A burst is waiting when a full collection runs; then 2,000 requests of 8 KB come and go.
    const burst = Array.from({ length: 64 }, () => id++);
    for (const correlationId of burst) requests.add(correlationId, { correlationId });
    const promoted = await promotedWhile(200, (i) => {
      if (i === 0) for (const correlationId of burst) requests.take(correlationId);
      const ids = Array.from({ length: 10 }, () => id++);
      for (const correlationId of ids) requests.add(correlationId, payload(8192));
      for (const correlationId of ids) requests.take(correlationId);
    });
    expect(promoted).toBeLessThan((200 * 10 * 8192) / 10);
  });
});
