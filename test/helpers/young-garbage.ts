// How much a young collection promotes while entries churn through a long-lived registry: the
// check for registries that must not keep departed entries alive (see protocol/handle-list.ts).
import v8 from 'node:v8';
import vm from 'node:vm';

type Collect = (options?: { type: 'major' | 'minor' }) => void;
let collect: Collect | undefined;

function gc(): Collect {
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as Collect;
  }
  return collect;
}

const oldSpaceUsed = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')!.space_used_size;

/**
 * A full collection first (the registry and whatever it holds now are old, as in a process that
 * has run a while), then `rounds` rounds with a young collection after every tenth: returns the
 * bytes the old generation grew by, which is what the young collections promoted.
 */
export async function promotedWhile(rounds: number, round: (i: number) => void | Promise<void>): Promise<number> {
  const collectNow = gc();
  collectNow();
  const before = oldSpaceUsed();
  for (let i = 0; i < rounds; i++) {
    await round(i);
    if (i % 10 === 9) collectNow({ type: 'minor' });
  }
  collectNow({ type: 'minor' });
  collectNow({ type: 'minor' });
  return oldSpaceUsed() - before;
}

/** About `bytes` of small heap objects (a young collection copies them; none are off-heap). */
export const payload = (bytes: number) => new Array<number>(bytes / 8).fill(1.5);
