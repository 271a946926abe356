// Cooperative rebalancing (KIP-429) over real sockets: a group of three consumes 12 partitions
// while a producer keeps sending; a member joins, leaves or dies. Every processed record and
// every group event gets a number from one counter, so "during the rebalance" is a question of
// order, not of wall-clock time. Survivors are gated: their onPartitionsAssigned (the last step
// of their rebalance) returns only once every partition they retain has processed a record since
// the rebalance began — under eager, where processing stops for the rebalance, it never would.
import { afterEach, describe, expect, it } from 'vitest';
import { Assignors, type Assignor, type Consumer, type TopicPartition } from '../../client-sdk/index.js';
import { pollUntil } from '../helpers/poll-until.js';
import { groupSetup, ownedBy, type GroupSetup } from '../helpers/sdk-groups.js';

let sdk: GroupSetup | undefined;
let producing: { stop(): Promise<void> } | undefined;
afterEach(async () => {
  await producing?.stop();
  producing = undefined;
  await sdk?.close();
  sdk = undefined;
});

const TOPIC = 'coop';
const PARTITIONS = 12;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const name = (tp: TopicPartition) => tp.partition;

interface MemberOptions {
  sessionTimeout?: number;
  heartbeatInterval?: number;
  killable?: boolean;
}
interface Processed {
  by: string;
  partition: number;
  offset: number;
  seq: number;
}
interface GroupJoin {
  generationId: number;
  groupProtocol: string;
  rebalanceProtocol: string;
  revoked: Record<string, number[]>;
  assigned: Record<string, number[]>;
}

/** One group under a steady stream of records, with everything the members did, in order. */
class Flow {
  seq = 0;
  readonly processed: Processed[] = [];
  readonly revoked = new Map<string, { seq: number; partitions: number[] }[]>();
  readonly lost = new Map<string, number[][]>();
  readonly rebalancing = new Map<string, number[]>();
  /** When gated members' onPartitionsAssigned let their rebalance finish. */
  readonly gatePassed = new Map<string, number[]>();
  /** Members gated from event number `since` on. */
  gate: { since: number; ids: Set<string> } | undefined;
  readonly joins = new Map<string, (GroupJoin & { seq: number })[]>();
  readonly members = new Map<string, Consumer>();
  readonly produced = new Array<number>(PARTITIONS).fill(0);
  private producing = false;
  private loop: Promise<void> | undefined;

  constructor(
    readonly setup: GroupSetup,
    readonly groupId: string,
  ) {}

  async member(id: string, assignors: Assignor[], options: MemberOptions = {}): Promise<Consumer> {
    const config = {
      groupId: this.groupId,
      sessionTimeout: options.sessionTimeout ?? 3000,
      heartbeatInterval: options.heartbeatInterval ?? 20,
      partitionAssigners: assignors,
      rebalanceListener: {
        onPartitionsRevoked: (partitions: TopicPartition[]) =>
          void this.revoked.get(id)!.push({ seq: ++this.seq, partitions: partitions.map(name).sort((a, b) => a - b) }),
        onPartitionsLost: (partitions: TopicPartition[]) => void this.lost.get(id)!.push(partitions.map(name)),
        onPartitionsAssigned: () => this.passGate(id),
      },
    };
    const consumer = options.killable ? await this.setup.killableConsumer(config) : await this.setup.consumer(config);
    this.revoked.set(id, []);
    this.lost.set(id, []);
    this.rebalancing.set(id, []);
    this.gatePassed.set(id, []);
    this.joins.set(id, []);
    consumer.on(consumer.events.REBALANCING, () => void this.rebalancing.get(id)!.push(++this.seq));
    consumer.on<GroupJoin>(
      consumer.events.GROUP_JOIN,
      (event) => void this.joins.get(id)!.push({ ...event.payload, seq: ++this.seq }),
    );
    await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
    this.members.set(id, consumer);
    await consumer.run({
      autoCommitInterval: 50,
      eachMessage: async ({ partition, message }) =>
        void this.processed.push({ by: id, partition, offset: Number(message.offset), seq: ++this.seq }),
    });
    return consumer;
  }

  /** Waits until each partition `id` held before the gate opened has processed a record since its latest rebalance event. */
  private async passGate(id: string): Promise<void> {
    const gate = this.gate;
    if (!gate?.ids.has(id)) return;
    const began = this.rebalancing.get(id)!.at(-1) ?? gate.since;
    if (began < gate.since) return;
    const retained = this.owned(id).filter((p) =>
      this.processed.some((r) => r.by === id && r.partition === p && r.seq < gate.since),
    );
    await pollUntil(
      () => retained.every((p) => this.processed.some((r) => r.by === id && r.partition === p && r.seq > began)),
      5000,
    );
    this.gatePassed.get(id)!.push(++this.seq);
  }

  /** Sends one record to every partition, again and again, until stopped. */
  startProducing(): { stop(): Promise<void> } {
    this.producing = true;
    this.loop = (async () => {
      const producer = await this.setup.producer();
      while (this.producing) {
        await producer.send({
          topic: TOPIC,
          messages: Array.from({ length: PARTITIONS }, (_, partition) => ({ partition, value: 'x' })),
        });
        for (let p = 0; p < PARTITIONS; p++) this.produced[p]!++;
        await sleep(2); // pacing the producer, not a test condition
      }
    })();
    return { stop: () => this.stopProducing() };
  }

  async stopProducing(): Promise<void> {
    this.producing = false;
    await this.loop;
  }

  /** The onPartitionsRevoked calls of `id` after event number `since`. */
  revokedSince(id: string, since: number): number[][] {
    return this.revoked
      .get(id)!
      .filter((r) => r.seq > since)
      .map((r) => r.partitions);
  }

  owned(id: string): number[] {
    return this.members
      .get(id)!
      .assignment()
      .map(name)
      .sort((a, b) => a - b);
  }

  /** Every partition held once, each listed member holding `each`, and each processing again. */
  async stable(ids: string[], each: number): Promise<void> {
    const consumers = ids.map((id) => this.members.get(id)!);
    await pollUntil(
      () =>
        ownedBy(consumers).length === PARTITIONS &&
        new Set(ownedBy(consumers)).size === PARTITIONS &&
        ids.every((id) => this.owned(id).length === each),
      10_000,
    );
    const mark = this.seq;
    await pollUntil(
      () =>
        ids.every((id) =>
          this.owned(id).every((p) => this.processed.some((r) => r.by === id && r.partition === p && r.seq > mark)),
        ),
      10_000,
    );
  }

  /** Every record produced so far was processed at least once. */
  async nothingLost(): Promise<void> {
    await this.stopProducing();
    await pollUntil(() => {
      const seen = Array.from({ length: PARTITIONS }, () => new Set<number>());
      for (const r of this.processed) seen[r.partition]!.add(r.offset);
      return seen.every(
        (offsets, p) =>
          offsets.size >= this.produced[p]! && [...Array(this.produced[p]).keys()].every((o) => offsets.has(o)),
      );
    }, 10_000);
  }

  /** Offsets `id` processed on `partition` after event number `since`, in processing order. */
  offsetsSince(id: string, partition: number, since: number): number[] {
    return this.processed.filter((r) => r.by === id && r.partition === partition && r.seq > since).map((r) => r.offset);
  }

  lastOffset(id: string, partition: number): number {
    return Math.max(-1, ...this.processed.filter((r) => r.by === id && r.partition === partition).map((r) => r.offset));
  }

  firstOffset(id: string, partition: number): number {
    return Math.min(...this.processed.filter((r) => r.by === id && r.partition === partition).map((r) => r.offset));
  }
}

/** a, b and c, stable on 12 partitions, records flowing. */
async function groupOfThree(groupId: string, assignors: Assignor[] = [Assignors.cooperativeSticky]): Promise<Flow> {
  sdk = await groupSetup();
  await sdk.createTopic(TOPIC, PARTITIONS);
  const flow = new Flow(sdk, groupId);
  producing = flow.startProducing();
  for (const id of ['a', 'b', 'c']) await flow.member(id, assignors);
  await flow.stable(['a', 'b', 'c'], 4);
  return flow;
}

/** Gates a, b and c (see the top) from now on; returns the event number it starts at. */
function gateSurvivors(flow: Flow): number {
  const since = ++flow.seq;
  flow.gate = { since, ids: new Set(['a', 'b', 'c']) };
  return since;
}

/**
 * Each survivor went through the rebalance (passed its gate: every retained partition processed
 * during it), and on every partition it retains it processed consecutive offsets from before the
 * rebalance to after it: never stopped, rewound or re-read.
 */
async function expectKeptProcessing(flow: Flow, before: Map<string, number[]>, since: number): Promise<void> {
  for (const [id, owned] of before) {
    expect(flow.lost.get(id), `${id} never lost its partitions`).toEqual([]);
    await pollUntil(() => flow.gatePassed.get(id)!.some((seq) => seq > since), 6000).catch(() => undefined);
    expect(
      flow.gatePassed.get(id)!.some((seq) => seq > since),
      `${id} finished a rebalance with its retained partitions processing`,
    ).toBe(true);
    const after = new Set(flow.owned(id));
    const retained = owned.filter((p) => after.has(p));
    expect(retained.length, `${id} retains partitions`).toBeGreaterThan(0);
    for (const p of retained) {
      const offsets = flow.offsetsSince(id, p, since - 1);
      const start = flow.lastOffset(id, p) - offsets.length + 1;
      expect(offsets, `${id} partition ${p}`).toEqual(offsets.map((_, i) => start + i));
      expect(
        flow.processed.some((r) => r.by === id && r.partition === p && r.seq < since && r.offset === start - 1),
        `${id} partition ${p} went on from where it was`,
      ).toBe(true);
    }
  }
}

describe('SDK group consumer: cooperative rebalancing (cooperative-sticky)', () => {
  it('a fourth member joins: the three keep processing what they retain, only the moved partitions are revoked, each continues from its committed offset', async () => {
    const flow = await groupOfThree('g-coop-join');
    const before = new Map(['a', 'b', 'c'].map((id) => [id, flow.owned(id)]));
    const since = gateSurvivors(flow);
    await flow.member('d', [Assignors.cooperativeSticky]);
    await flow.stable(['a', 'b', 'c', 'd'], 3);

    await expectKeptProcessing(flow, before, since);
    // Exactly the moved partitions were revoked, one call each, and they are what d now holds.
    const moved: number[] = [];
    for (const id of ['a', 'b', 'c']) {
      const after = new Set(flow.owned(id));
      const gone = before.get(id)!.filter((p) => !after.has(p));
      expect(flow.revokedSince(id, since)).toEqual([gone]);
      moved.push(...gone);
    }
    expect(moved.sort((x, y) => x - y)).toEqual(flow.owned('d'));
    // Two rebalances: the first withholds what moves and tells only its owners; the second hands it to d.
    const dJoins = flow.joins.get('d')!;
    expect(dJoins.map((j) => j.rebalanceProtocol)).toEqual(dJoins.map(() => 'cooperative'));
    expect(
      Object.values(dJoins.at(-1)!.assigned)
        .flat()
        .sort((x, y) => x - y),
    ).toEqual(flow.owned('d'));
    for (const id of ['a', 'b', 'c']) {
      const joins = flow.joins.get(id)!.filter((j) => j.seq > since);
      expect(joins.flatMap((j) => Object.values(j.revoked).flat())).toEqual(flow.revokedSince(id, since)[0]);
      expect(joins.flatMap((j) => Object.values(j.assigned).flat())).toEqual([]);
    }
    // d starts each moved partition exactly where its previous owner stopped and committed.
    for (const p of moved) {
      const previous = ['a', 'b', 'c'].find((id) => before.get(id)!.includes(p))!;
      expect(flow.firstOffset('d', p), `partition ${p}`).toBe(flow.lastOffset(previous, p) + 1);
    }
    await flow.nothingLost();
  });

  it('a member leaves: the others keep processing throughout and revoke nothing; its partitions continue from its commit', async () => {
    const flow = await groupOfThree('g-coop-leave');
    await flow.member('d', [Assignors.cooperativeSticky]);
    await flow.stable(['a', 'b', 'c', 'd'], 3);
    const before = new Map(['a', 'b', 'c'].map((id) => [id, flow.owned(id)]));
    const leaving = flow.owned('d');
    const since = gateSurvivors(flow);
    await flow.members.get('d')!.disconnect();
    await flow.stable(['a', 'b', 'c'], 4);

    await expectKeptProcessing(flow, before, since);
    for (const id of ['a', 'b', 'c']) expect(flow.revokedSince(id, since)).toEqual([]);
    expect(flow.revokedSince('d', since)).toEqual([leaving]);
    for (const p of leaving) {
      const taker = ['a', 'b', 'c'].find((id) => flow.owned(id).includes(p))!;
      const first = Math.min(
        ...flow.processed.filter((r) => r.by === taker && r.partition === p && r.seq > since).map((r) => r.offset),
      );
      expect(first, `partition ${p}`).toBe(flow.lastOffset('d', p) + 1);
    }
    await flow.nothingLost();
  });

  it('a member dies (sockets destroyed, no LeaveGroup): after its session expires the others take over from its commits; the rest never stop', async () => {
    const flow = await groupOfThree('g-coop-die');
    const victim = (await flow.member('d', [Assignors.cooperativeSticky], {
      sessionTimeout: 400,
      killable: true,
    })) as Awaited<ReturnType<GroupSetup['killableConsumer']>>;
    await flow.stable(['a', 'b', 'c', 'd'], 3);
    const before = new Map(['a', 'b', 'c'].map((id) => [id, flow.owned(id)]));
    const orphaned = flow.owned('d');
    const since = gateSurvivors(flow);
    victim.kill();
    const admin = await sdk!.admin();
    const committedAtKill = new Map(
      (await admin.fetchOffsets({ groupId: 'g-coop-die', topics: [TOPIC] }))[0]!.partitions.map((p) => [
        p.partition,
        Number(p.offset),
      ]),
    );
    await flow.stable(['a', 'b', 'c'], 4);

    await expectKeptProcessing(flow, before, since);
    for (const id of ['a', 'b', 'c']) expect(flow.revokedSince(id, since)).toEqual([]);
    // The cut-off member cannot commit: it never revokes; its heartbeat may find the session gone (lost).
    expect(flow.revokedSince('d', since)).toEqual([]);
    expect(flow.lost.get('d')!.every((lost) => lost.sort((x, y) => x - y).join() === orphaned.join())).toBe(true);
    for (const p of orphaned) {
      const taker = ['a', 'b', 'c'].find((id) => flow.owned(id).includes(p))!;
      const first = Math.min(
        ...flow.processed.filter((r) => r.by === taker && r.partition === p && r.seq > since).map((r) => r.offset),
      );
      // From the victim's last commit: nothing skipped, at most what it processed after that commit again.
      expect(first, `partition ${p}`).toBeGreaterThanOrEqual(committedAtKill.get(p)!);
      expect(first, `partition ${p}`).toBeLessThanOrEqual(flow.lastOffset('d', p) + 1);
    }
    await flow.nothingLost();
  });

  it('an eager assignor still revokes everything before rejoining', async () => {
    const flow = await groupOfThree('g-eager', [Assignors.sticky]);
    const before = new Map(['a', 'b', 'c'].map((id) => [id, flow.owned(id)]));
    const since = flow.seq;
    await flow.member('d', [Assignors.sticky]);
    await flow.stable(['a', 'b', 'c', 'd'], 3);
    for (const id of ['a', 'b', 'c']) {
      expect(flow.revokedSince(id, since)).toEqual([before.get(id)]);
      expect(flow.joins.get(id)!.at(-1)!.rebalanceProtocol).toBe('eager');
    }
    await flow.nothingLost();
  });

  it('a mixed group (one member only knows range) falls back to range and eager: everyone revokes everything', async () => {
    const upgrading = [Assignors.cooperativeSticky, Assignors.range];
    const flow = await groupOfThree('g-mixed', upgrading);
    expect(flow.joins.get('a')!.at(-1)!.groupProtocol).toBe('cooperative-sticky');
    const before = new Map(['a', 'b', 'c'].map((id) => [id, flow.owned(id)]));
    const since = flow.seq;
    await flow.member('d', [Assignors.range]);
    await flow.stable(['a', 'b', 'c', 'd'], 3);
    for (const id of ['a', 'b', 'c', 'd']) {
      const last = flow.joins.get(id)!.at(-1)!;
      expect(last.groupProtocol).toBe('range');
      expect(last.rebalanceProtocol).toBe('eager');
    }
    for (const id of ['a', 'b', 'c']) expect(flow.revokedSince(id, since)).toEqual([before.get(id)]);
    await flow.nothingLost();
  });

  it('upgrade step: members listing an eager assignor too stay eager even when cooperative-sticky is chosen; the others are cooperative', async () => {
    sdk = await groupSetup();
    await sdk.createTopic(TOPIC, PARTITIONS);
    const flow = new Flow(sdk, 'g-upgrade');
    producing = flow.startProducing();
    await flow.member('a', [Assignors.cooperativeSticky]);
    await flow.member('b', [Assignors.cooperativeSticky]);
    await flow.member('c', [Assignors.cooperativeSticky, Assignors.range]);
    await flow.stable(['a', 'b', 'c'], 4);
    const before = new Map(['a', 'b', 'c'].map((id) => [id, flow.owned(id)]));
    const since = flow.seq;
    await flow.member('d', [Assignors.cooperativeSticky]);
    await flow.stable(['a', 'b', 'c', 'd'], 3);
    expect(flow.joins.get('d')!.at(-1)!.groupProtocol).toBe('cooperative-sticky');
    expect(flow.joins.get('a')!.at(-1)!.rebalanceProtocol).toBe('cooperative');
    expect(flow.joins.get('c')!.at(-1)!.rebalanceProtocol).toBe('eager');
    expect(flow.revokedSince('c', since)[0]).toEqual(before.get('c'));
    for (const id of ['a', 'b']) {
      const after = new Set(flow.owned(id));
      expect(flow.revokedSince(id, since).flat()).toEqual(before.get(id)!.filter((p) => !after.has(p)));
    }
    expect(ownedBy([...flow.members.values()]).sort()).toHaveLength(PARTITIONS);
    await flow.nothingLost();
  });
});
