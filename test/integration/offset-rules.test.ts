// The admin API (over its real HTTP port) and the CLI (child processes over the broker's socket)
// follow the same offset rules, kafka-consumer-groups': a shift over a never-committed partition
// is refused, weeks are not a --by-duration unit, and lag is the log end minus the committed
// offset even when records below the commit were deleted.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { setup } from '../helpers/sdk.js';

/** A broker with "orders" (2 partitions, 4 records each, one batch per record) and group "audit" committed at orders/0 = 1 only. */
async function brokerWithIdleGroup() {
  const s = await setup({ httpPort: 0 });
  const created = await fetch(`${s.broker.adminUrl}/api/topics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ topic: 'orders', numPartitions: 2 }),
  });
  expect(created.status).toBe(201);
  const p = await s.producer({ lingerMs: 0 });
  for (let i = 0; i < 4; i++) {
    for (const partition of [0, 1]) await p.send({ topic: 'orders', messages: [{ value: `r${i}`, partition }] });
  }
  s.broker.services.coordinators.forGroup('audit').commitOffsets({
    groupId: 'audit',
    generationId: -1,
    memberId: '',
    topics: [{ name: 'orders', partitions: [{ partition: 0, offset: 1 }] }],
  });
  const post = async (path: string, body: object) => {
    const res = await fetch(`${s.broker.adminUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const get = async (path: string) => await (await fetch(`${s.broker.adminUrl}${path}`)).json();
  const cli = (args: string[]) => runCli(args, { brokers: s.broker.brokers });
  return { ...s, post, get, cli };
}

describe('offset rules shared by the admin API and the CLI', { timeout: 30_000 }, () => {
  it('both refuse to shift a partition the group never committed, and both shift a committed one', async () => {
    const { post, cli } = await brokerWithIdleGroup();
    const [admin, viaCli] = await Promise.all([
      post('/api/groups/audit/offsets/reset', { to: 'shift', value: -1, topics: [{ topic: 'orders' }] }),
      cli(['groups', 'reset-offsets', '--group', 'audit', '--topic', 'orders', '--shift-by', '-1']),
    ]);
    expect(admin.status).toBe(400);
    expect(admin.body.error).toMatchObject({
      code: 'INVALID_REQUEST',
      field: 'to',
      message: expect.stringMatching(/cannot shift orders\/1: the group has no committed offset/),
    });
    expect(viaCli).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/cannot shift orders\/1: group "audit" has no committed offset/),
    });

    const committedOnly = await post('/api/groups/audit/offsets/reset', {
      to: 'shift',
      value: 2,
      topics: [{ topic: 'orders', partitions: [0] }],
    });
    expect(committedOnly.body).toEqual({
      executed: false,
      offsets: [{ topic: 'orders', partition: 0, current: 1, next: 3 }],
    });
  });

  it('both refuse weeks in a duration and take the same days', async () => {
    const { post, cli } = await brokerWithIdleGroup();
    const [adminWeeks, cliWeeks, adminDays, cliDays] = await Promise.all([
      post('/api/groups/audit/offsets/reset', { to: 'duration', value: 'P1W', topics: [{ topic: 'orders' }] }),
      cli(['groups', 'reset-offsets', '--group', 'audit', '--topic', 'orders', '--by-duration', 'P1W']),
      post('/api/groups/audit/offsets/reset', { to: 'duration', value: 'p7d', topics: [{ topic: 'orders' }] }),
      cli(['groups', 'reset-offsets', '--group', 'audit', '--topic', 'orders', '--by-duration', 'P7D', '--json']),
    ]);
    expect(adminWeeks).toMatchObject({
      status: 400,
      body: { error: { code: 'INVALID_REQUEST', field: 'value', message: expect.stringMatching(/no weeks: P7D/) } },
    });
    expect(cliWeeks).toMatchObject({ code: 1, stderr: expect.stringMatching(/invalid duration "P1W".*no weeks: P7D/) });
    // Every record is younger than a week: both go to the log start.
    expect(adminDays.body.offsets.map((o: { next: number }) => o.next)).toEqual([0, 0]);
    expect((JSON.parse(cliDays.stdout) as { offsets: { next: number }[] }).offsets.map((o) => o.next)).toEqual([0, 0]);
  });

  it('both count lag from the committed offset when the records below the log start were deleted', async () => {
    const { broker, get, cli } = await brokerWithIdleGroup();
    broker.services.topics.get('orders')!.partitions[0]!.truncateBefore(3);
    const admin = await get('/api/groups/audit');
    expect(admin.partitions[0]).toMatchObject({
      partition: 0,
      committedOffset: 1,
      logStartOffset: 3,
      logEndOffset: 4,
      lag: 3,
    });
    expect(admin.totalLag).toBe(3);
    const viaCli = JSON.parse((await cli(['groups', 'describe', '--group', 'audit', '--json'])).stdout) as {
      totalLag: number;
      partitions: { partition: number; lag: number | null }[];
    };
    expect(viaCli.totalLag).toBe(3);
    expect(viaCli.partitions.find((p) => p.partition === 0)?.lag).toBe(3);
  });
});
