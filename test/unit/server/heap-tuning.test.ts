import { describe, expect, it } from 'vitest';
import { BROKER_HEAP_GROWING_PERCENT, tuneBrokerHeap } from '../../../server/heap-tuning.js';

describe('tuneBrokerHeap', () => {
  const run = (execArgv: string[], nodeOptions?: string) => {
    const set: string[] = [];
    const changed = tuneBrokerHeap(execArgv, nodeOptions, (flags) => set.push(flags));
    return { changed, set };
  };

  it('sets the heap growing factor for the broker process', () => {
    expect(run([])).toEqual({ changed: true, set: [`--heap-growing-percent=${BROKER_HEAP_GROWING_PERCENT}`] });
    expect(run(['--enable-source-maps'], '--max-old-space-size=512')).toMatchObject({ changed: true });
  });

  it('leaves a factor the user gave node alone, on the command line or in NODE_OPTIONS', () => {
    expect(run(['--heap-growing-percent=50'])).toEqual({ changed: false, set: [] });
    expect(run(['--heap_growing_percent=50'])).toEqual({ changed: false, set: [] });
    expect(run([], '--enable-source-maps --heap-growing-percent=20')).toEqual({ changed: false, set: [] });
  });
});
