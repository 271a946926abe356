// Issue 10's assignor benchmark: the sticky assignors run on the group leader inside a
// rebalance, so they must stay fast on large groups. 1,000 partitions (as 10 x 100, 100 x 10 and
// 1,000 x 1 topic x partitions) over 100 members: a first assignment, then one member leaving
// while another joins (everyone else owning what it got). Equal subscriptions take the per-topic
// path; unequal ones (each member skips a third of the topics) the general path. Pure CPU, no broker.
import {
  cooperativeSticky,
  sticky,
  type AssignInput,
  type Assignor,
  type GroupAssignment,
} from '../../client-sdk/assignors/index.js';
import { fmt, median, report } from './lib/stats.js';

const MEMBERS = 100;
const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const SHAPES: [topics: number, partitions: number][] = [
  [10, 100],
  [100, 10],
  [1000, 1],
];

function owned(assignment: GroupAssignment, memberId: string) {
  const topics = assignment[memberId] ?? {};
  return Object.keys(topics).flatMap((topic) => topics[topic]!.map((partition) => ({ topic, partition })));
}

/** Median and fastest of RUNS runs, in ms. */
function time(assignor: Assignor, input: AssignInput): { median: number; min: number } {
  const runs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = process.hrtime.bigint();
    assignor.assign(input);
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { median: median(runs), min: Math.min(...runs) };
}

export function benchAssignors(): string[] {
  const lines: string[] = [];
  for (const equal of [true, false]) {
    for (const [topicCount, partitions] of SHAPES) {
      const topics = Array.from({ length: topicCount }, (_, i) => `topic-${i}`);
      const partitionsPerTopic = Object.fromEntries(topics.map((t) => [t, partitions]));
      const members = Array.from({ length: MEMBERS }, (_, i) => ({
        memberId: `member-${String(i).padStart(3, '0')}`,
        topics: equal ? topics : topics.filter((_, j) => (i + j) % 3 !== 0),
      }));
      const fresh: AssignInput = { members, partitionsPerTopic };
      const first = sticky.assign(fresh);
      const churn: AssignInput = {
        partitionsPerTopic,
        members: [
          ...members.slice(1).map((m) => ({ ...m, ownedPartitions: owned(first, m.memberId), generation: 1 })),
          { memberId: 'member-new', topics },
        ],
      };
      const shape = `${topicCount} x ${partitions}, ${equal ? 'equal' : 'unequal'} subscriptions`;
      const cases = [
        ['sticky, first', sticky, fresh],
        ['sticky, 1 leaves + 1 joins', sticky, churn],
        ['cooperative, 1 leaves + 1 joins', cooperativeSticky, churn],
      ] as const;
      for (const [label, assignor, input] of cases) {
        const t = time(assignor, input);
        lines.push(
          report(
            `${label} (${shape})`,
            `${fmt(t.median, 1)} ms`,
            `median of ${RUNS}, min ${fmt(t.min, 1)} ms; ${MEMBERS} members`,
          ),
        );
      }
    }
  }
  return lines;
}

if (import.meta.url === `file://${process.argv[1]}`) benchAssignors();
