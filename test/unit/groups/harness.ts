// A coordinator on a manual clock and an in-memory offsets store, plus request builders.
import Database from 'better-sqlite3';
import { ManualClock } from '../../helpers/manual-clock.js';
import { GroupCoordinator, type GroupCoordinatorOptions } from '../../../server/groups/coordinator.js';
import type { GroupConfig } from '../../../server/groups/group-config.js';
import type { CommittedOffsets, JoinGroupParams, JoinGroupResult } from '../../../server/groups/types.js';
import { OFFSET_STORE_MIGRATION, SqliteOffsetStore, type OffsetStore } from '../../../server/storage/offset-store.js';

export const GROUP = 'group-1';
export const SESSION = 10_000;
export const REBALANCE = 30_000;

export function memoryStore(): OffsetStore {
  const db = new Database(':memory:');
  db.exec(OFFSET_STORE_MIGRATION);
  return new SqliteOffsetStore(db);
}

export function setup(config: Partial<GroupConfig> = {}, extra: Partial<GroupCoordinatorOptions> = {}) {
  const clock = new ManualClock();
  const store: CommittedOffsets = extra.offsets ?? memoryStore();
  let n = 0;
  const coordinator = new GroupCoordinator({
    offsets: store,
    clock,
    config,
    newMemberId: (prefix) => `${prefix}-${++n}`,
    ...extra,
  });
  coordinator.activate();
  return { clock, store, coordinator };
}

export const meta = (text: string) => new Uint8Array(Buffer.from(text));

export function joinParams(overrides: Partial<JoinGroupParams> = {}): JoinGroupParams {
  return {
    groupId: GROUP,
    memberId: '',
    clientId: 'client',
    clientHost: '/127.0.0.1',
    sessionTimeoutMs: SESSION,
    rebalanceTimeoutMs: REBALANCE,
    protocolType: 'consumer',
    protocols: [{ name: 'range', metadata: meta('sub') }],
    ...overrides,
  };
}

/** Tracks whether a promise has settled, without awaiting it. */
export function track<T>(promise: Promise<T>): {
  readonly done: boolean;
  readonly value: T | undefined;
  promise: Promise<T>;
} {
  const state = { done: false, value: undefined as T | undefined, promise };
  void promise.then((v) => {
    state.done = true;
    state.value = v;
  });
  return state;
}

/** Lets settled promises run their callbacks. */
export const flush = () => new Promise<void>((resolve) => setImmediate(resolve));

type Setup = ReturnType<typeof setup>;

/** KIP-394 dance: first join gets MEMBER_ID_REQUIRED, the second (with the id) parks. */
export async function joinWithId(
  t: Setup,
  overrides: Partial<JoinGroupParams> = {},
): Promise<{ memberId: string; join: Promise<JoinGroupResult> }> {
  const first = await t.coordinator.join(joinParams(overrides));
  if (first.errorCode !== 79) throw new Error(`expected MEMBER_ID_REQUIRED, got ${first.errorCode}`);
  return { memberId: first.memberId, join: t.coordinator.join(joinParams({ ...overrides, memberId: first.memberId })) };
}

/** Members join together, the initial delay passes, the leader syncs `assignments`: a Stable group. */
export async function stableGroup(
  t: Setup,
  clients: Partial<JoinGroupParams>[],
  assign = (ids: string[]) => new Map(ids.map((id) => [id, meta(`assignment:${id}`)])),
) {
  const pending = [];
  for (const c of clients) {
    if (c.groupInstanceId) pending.push({ memberId: '', join: t.coordinator.join(joinParams(c)) });
    else pending.push(await joinWithId(t, c));
  }
  t.clock.advance(0);
  const joins = await Promise.all(pending.map((p) => p.join));
  const ids = joins.map((j) => j.memberId);
  const leader = joins.find((j) => j.memberId === j.leader)!;
  const assignments = assign(ids);
  const syncs = joins.map((j) =>
    t.coordinator.sync({
      groupId: GROUP,
      generationId: j.generationId,
      memberId: j.memberId,
      assignments: j === leader ? [...assignments].map(([memberId, assignment]) => ({ memberId, assignment })) : [],
    }),
  );
  const synced = await Promise.all(syncs);
  return { joins, ids, leaderId: leader.memberId, generationId: leader.generationId, synced };
}
