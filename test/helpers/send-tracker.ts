// A send waiting on producer batches (client-sdk/producer/record-accumulator.ts), for unit tests
// of the accumulator and the sender: it never times out and ignores how it settles.
import type { SendTracker } from '../../client-sdk/producer/record-accumulator.js';

export const sendTracker = (): SendTracker => ({
  remaining: 0,
  results: [],
  settled: false,
  deadline: Infinity,
  resolve: () => {},
  reject: () => {},
});
