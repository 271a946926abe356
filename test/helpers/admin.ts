// Admin API test helpers: waits on a broker's own state (no sleeps) for groups and commits.
import type { Broker } from '../../server/broker.js';
import { groupLag, stableGroup, type StableGroup } from '../../testing/group-state.js';
import { Waits } from '../../testing/wait-for.js';

const waits = new Waits();

/** Resolves once the group is Stable with `members` members, each with its assignment. */
export function waitForStable(
  broker: Broker,
  groupId: string,
  members: number,
  timeoutMs = 10_000,
): Promise<StableGroup> {
  const { services } = broker;
  return waits.wait({
    what: `group "${groupId}" Stable with ${members} members`,
    check: () => stableGroup(services, groupId, members),
    describe: () => String(services.coordinators.forGroup(groupId).groupState(groupId)),
    subscribe: (recheck) => services.coordinators.watch((id) => id === groupId && recheck()),
    timeoutMs,
  });
}

/** Resolves once the group has committed offsets and its lag is at most `lag`. */
export function waitForCommittedLag(broker: Broker, groupId: string, lag: number, timeoutMs = 10_000): Promise<number> {
  const { services } = broker;
  return waits.wait({
    what: `group "${groupId}" lag <= ${lag}`,
    check: () => {
      const current = groupLag(services, groupId);
      return current.partitions.some((p) => p.committedOffset !== null) && current.total <= lag
        ? current.total
        : undefined;
    },
    describe: () => `lag ${groupLag(services, groupId).total}`,
    subscribe: (recheck) => services.coordinators.watch((id) => id === groupId && recheck()),
    timeoutMs,
  });
}

/** Prometheus text → value of the series `name{labels}` (labels matched exactly, in any order). */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || !line.startsWith(name)) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const found: Record<string, string> = {};
    for (const pair of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) found[pair[1]!] = pair[2]!;
    const wanted = Object.entries(labels);
    if (wanted.length === Object.keys(found).length && wanted.every(([k, v]) => found[k] === v)) return Number(m[3]);
  }
  return undefined;
}
