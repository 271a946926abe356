// `minibroker groups …` as child processes against a live group made with the SDK in the test:
// members, lag and owners in `describe` (and the new owner after a second consumer joins),
// the --members and --state views, and reset-offsets (dry run, execute, refused with members).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, type Admin, type Consumer } from '../../client-sdk/index.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';
import { runCli, tableRows } from '../helpers/run-cli.js';

let broker: TestBroker;
let client: Client;
let admin: Admin;
beforeAll(async () => {
  broker = await startTestBroker();
  client = new Client({ clientId: 'shop', brokers: broker.brokers, logLevel: 'nothing' });
  admin = client.admin();
  await admin.connect();
});
afterAll(async () => {
  await admin.disconnect();
  await broker.close();
});

async function startConsumer(groupId: string, topic: string): Promise<Consumer> {
  const consumer = client.consumer({ groupId, heartbeatInterval: 50, maxWaitTimeInMs: 100 });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  await consumer.run({ autoCommit: false, eachMessage: async () => {} });
  return consumer;
}

const cli = (args: string[]) => runCli(args, { brokers: broker.brokers });
const committed = async (groupId: string) =>
  (await admin.fetchOffsets({ groupId, topics: ['orders'] }))[0]!.partitions.map((p) => Number(p.offset));

// Each test launches several CLI processes at once: on a loaded two-core machine that alone can near the default timeout.
describe('minibroker groups', { timeout: 60_000 }, () => {
  it('describes a live group (members, lag, owners), follows a rebalance, and resets offsets once it is empty', async () => {
    await broker.createTopic('orders', 2);
    await broker.produce(
      'orders',
      ['a', 'b', 'c', 'd', 'e', 'f'].map((value, i) => ({ value, partition: i % 2 })),
    );
    const first = await startConsumer('shop', 'orders');
    const stable = await broker.waitForGroupStable('shop', { members: 1 });
    const firstId = stable.members[0]!.memberId;
    await first.commitOffsets([
      { topic: 'orders', partition: 0, offset: 1 },
      { topic: 'orders', partition: 1, offset: 2 },
    ]);

    const [table, json, members, state, list, refused] = await Promise.all([
      cli(['groups', 'describe', '--group', 'shop']),
      cli(['groups', 'describe', '--group', 'shop', '--json']),
      cli(['groups', 'describe', '--group', 'shop', '--members', '--verbose']),
      cli(['groups', 'describe', '--group', 'shop', '--state']),
      cli(['groups', 'list']),
      cli(['groups', 'reset-offsets', '--group', 'shop', '--topic', 'orders', '--to-earliest', '--execute']),
    ]);
    expect(tableRows(table.stdout)).toEqual([
      ['GROUP', 'TOPIC', 'PARTITION', 'CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'],
      ['shop', 'orders', '0', '1', '3', '2', firstId, expect.stringMatching(/127\.0\.0\.1/), 'shop'],
      ['shop', 'orders', '1', '2', '3', '1', firstId, expect.stringMatching(/127\.0\.0\.1/), 'shop'],
    ]);
    expect(JSON.parse(json.stdout)).toMatchObject({
      groupId: 'shop',
      state: 'Stable',
      totalLag: 3,
      partitions: [
        { partition: 0, lag: 2, consumerId: firstId },
        { partition: 1, lag: 1, consumerId: firstId },
      ],
    });
    expect(tableRows(members.stdout)).toEqual([
      ['GROUP', 'CONSUMER-ID', 'GROUP-INSTANCE-ID', 'HOST', 'CLIENT-ID', '#PARTITIONS', 'ASSIGNMENT'],
      ['shop', firstId, '-', expect.stringMatching(/127\.0\.0\.1/), 'shop', '2', 'orders(0,1)'],
    ]);
    expect(tableRows(state.stdout)).toEqual([
      ['GROUP', 'COORDINATOR (ID)', 'ASSIGNMENT-STRATEGY', 'STATE', '#MEMBERS'],
      ['shop', `${broker.brokers[0]} (0)`, stable.protocol, 'Stable', '1'],
    ]);
    expect(tableRows(list.stdout)).toEqual([
      ['GROUP', 'STATE', 'MEMBERS'],
      ['shop', 'Stable', '1'],
    ]);
    expect(refused).toMatchObject({
      code: 1,
      stdout: '',
      stderr:
        'minibroker: cannot reset offsets of group "shop" while it has 1 active member (state Stable): stop its consumers first\n',
    });

    // A second consumer joins: describe shows the partitions split between the two.
    const second = await startConsumer('shop', 'orders');
    const rebalanced = await broker.waitForGroupStable('shop', { members: 2 });
    const owners = Object.fromEntries(
      rebalanced.members.flatMap((m) => m.assignment.flatMap((a) => a.partitions.map((p) => [p, m.memberId]))),
    );
    const secondId = rebalanced.members.find((m) => m.memberId !== firstId)!.memberId;
    expect(Object.values(owners).sort()).toEqual([firstId, secondId].sort());
    const after = JSON.parse((await cli(['groups', 'describe', '--group', 'shop', '--json'])).stdout) as {
      partitions: { partition: number; consumerId: string }[];
    };
    expect(after.partitions.map((p) => [p.partition, p.consumerId])).toEqual([
      [0, owners[0]],
      [1, owners[1]],
    ]);

    await Promise.all([first.disconnect(), second.disconnect()]);
    const [empty, dryRun] = await Promise.all([
      cli(['groups', 'describe', '--group', 'shop']),
      cli(['groups', 'reset-offsets', '--group', 'shop', '--topic', 'orders', '--to-earliest']),
    ]);
    expect(empty.stderr).toBe("Consumer group 'shop' has no active members.\n");
    expect(tableRows(empty.stdout).map((row) => row.slice(3))).toEqual([
      ['CURRENT-OFFSET', 'LOG-END-OFFSET', 'LAG', 'CONSUMER-ID', 'HOST', 'CLIENT-ID'],
      ['1', '3', '2', '-', '-', '-'],
      ['2', '3', '1', '-', '-', '-'],
    ]);
    expect(tableRows(dryRun.stdout)).toEqual([
      ['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET'],
      ['shop', 'orders', '0', '0'],
      ['shop', 'orders', '1', '0'],
    ]);
    expect(dryRun.stderr).toMatch(/dry run/);
    expect(await committed('shop')).toEqual([1, 2]);

    const executed = await cli([
      'groups',
      'reset-offsets',
      '--group',
      'shop',
      '--topic',
      'orders:1',
      '--shift-by',
      '-1',
      '--execute',
      '--json',
    ]);
    expect(JSON.parse(executed.stdout)).toEqual({
      groupId: 'shop',
      executed: true,
      offsets: [{ topic: 'orders', partition: 1, current: 2, next: 1 }],
    });
    expect(await committed('shop')).toEqual([1, 1]);
    const [byDuration, byDatetime, toOffset] = await Promise.all([
      cli(['groups', 'reset-offsets', '--group', 'shop', '--all-topics', '--by-duration', 'PT1H', '--json']),
      cli([
        'groups',
        'reset-offsets',
        '--group',
        'shop',
        '--topic',
        'orders',
        '--to-datetime',
        '2999-01-01T00:00:00Z',
        '--json',
      ]),
      cli([
        'groups',
        'reset-offsets',
        '--group',
        'shop',
        '--topic',
        'orders',
        '--to-offset',
        '99',
        '--execute',
        '--json',
      ]),
    ]);
    const next = (r: { stdout: string }) =>
      (JSON.parse(r.stdout) as { offsets: { next: number }[] }).offsets.map((o) => o.next);
    expect(next(byDuration)).toEqual([0, 0]); // every record is younger than an hour
    expect(next(byDatetime)).toEqual([3, 3]); // none that late: the log end
    expect(next(toOffset)).toEqual([3, 3]); // clamped to the log end
    expect(await committed('shop')).toEqual([3, 3]);
  });

  it('deletes empty groups and reports unknown groups and bad reset options', async () => {
    await admin.setOffsets({ groupId: 'old', topic: 'orders', partitions: [{ partition: 0, offset: 1 }] });
    const deleted = await cli(['groups', 'delete', '--group', 'old']);
    expect(deleted).toMatchObject({ code: 0, stdout: "Deleted consumer group 'old'.\n" });
    const [describeGone, deleteGone, noScenario, twoScenarios, badDuration, badTopic] = await Promise.all([
      cli(['groups', 'describe', '--group', 'old']),
      cli(['groups', 'delete', '--group', 'old']),
      cli(['groups', 'reset-offsets', '--group', 'old', '--topic', 'orders']),
      cli(['groups', 'reset-offsets', '--group', 'old', '--topic', 'orders', '--to-earliest', '--to-latest']),
      cli(['groups', 'reset-offsets', '--group', 'old', '--topic', 'orders', '--by-duration', '15m']),
      cli(['groups', 'reset-offsets', '--group', 'old', '--topic', 'missing', '--to-latest']),
    ]);
    expect(describeGone).toMatchObject({ code: 1, stderr: 'minibroker: consumer group "old" does not exist\n' });
    expect(deleteGone).toMatchObject({ code: 1, stderr: 'minibroker: consumer group "old" does not exist\n' });
    expect(noScenario).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/give one of --to-earliest, --to-latest/),
    });
    expect(twoScenarios).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/only one \(got --to-earliest, --to-latest\)/),
    });
    expect(badDuration).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/invalid duration "15m": expected ISO-8601 PnDTnHnMnS/),
    });
    expect(badTopic).toMatchObject({ code: 1, stderr: 'minibroker: topic "missing" does not exist\n' });
  });
});
