// The console producer and consumer as child processes: stdin lines in (with and without keys),
// records out (plain, with keys, as JSON), a group consumer that commits, and a clean SIGINT.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../client-sdk/index.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';
import { runCli, spawnCli } from '../helpers/run-cli.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());

describe('minibroker produce / consume', () => {
  it('produces stdin lines, keyed with --key-separator, and consumes them from the beginning', async () => {
    const brokers = broker.brokers;
    await broker.createTopic('lines', 1);
    const keyed = await runCli(['produce', '--topic', 'lines', '--key-separator', ':'], {
      brokers,
      stdin: 'k1:hello\nk2:wor:ld\n',
    });
    expect(keyed.code).toBe(0);
    expect(keyed.stderr).toMatch(/^produced 2 records to lines \(partitions 0\) in \d+ ms\n$/);
    const plain = await runCli(['produce', '--topic', 'lines', '--json'], { brokers, stdin: 'plain one\n\nlast' });
    expect(JSON.parse(plain.stdout)).toMatchObject({ topic: 'lines', records: 3, partitions: [0] });

    const stored = await broker.consumeN('lines', 5);
    expect(stored.map((m) => [m.key?.toString() ?? null, m.value?.toString()])).toEqual([
      ['k1', 'hello'],
      ['k2', 'wor:ld'],
      [null, 'plain one'],
      [null, ''],
      [null, 'last'],
    ]);

    const [values, keys, json, fromOffset] = await Promise.all([
      runCli(['consume', '--topic', 'lines', '--from-beginning', '--max-messages', '3'], { brokers }),
      runCli(
        [
          'consume',
          '--topic',
          'lines',
          '--from-beginning',
          '--max-messages',
          '2',
          '--print-key',
          '--key-separator',
          '=',
        ],
        { brokers },
      ),
      runCli(['consume', '--topic', 'lines', '--from-beginning', '--max-messages', '1', '--json'], { brokers }),
      runCli(['consume', '--topic', 'lines', '--partition', '0', '--offset', '4', '--max-messages', '1'], { brokers }),
    ]);
    expect(values).toMatchObject({
      code: 0,
      stdout: 'hello\nwor:ld\nplain one\n',
      stderr: 'Processed a total of 3 messages\n',
    });
    expect(keys.stdout).toBe('k1=hello\nk2=wor:ld\n');
    const record = JSON.parse(json.stdout) as Record<string, unknown>;
    expect(record).toEqual({
      topic: 'lines',
      partition: 0,
      offset: 0,
      key: 'k1',
      value: 'hello',
      headers: {},
      timestamp: expect.any(Number),
    });
    expect(Math.abs(Date.now() - (record.timestamp as number))).toBeLessThan(60_000);
    expect(fromOffset.stdout).toBe('last\n');

    const [badLine, unknownTopic] = await Promise.all([
      runCli(['produce', '--topic', 'lines', '--key-separator', ':'], { brokers, stdin: 'k:v\nno separator\n' }),
      runCli(['consume', '--topic', 'nope', '--max-messages', '1'], { brokers }),
    ]);
    expect(badLine).toMatchObject({
      code: 1,
      stderr: 'minibroker: line 2 has no key separator ":"; records before it were sent\n',
    });
    expect(await broker.consumeN('lines', 6)).toHaveLength(6);
    expect(unknownTopic).toMatchObject({ code: 1, stderr: 'minibroker: topic "nope" does not exist\n' });
  });

  it('consumes in a group, committing what it printed, and leaves the group on SIGINT', async () => {
    const brokers = broker.brokers;
    await broker.createTopic('events', 2);
    await broker.produce('events', [
      { value: 'e0', partition: 0 },
      { value: 'e1', partition: 1 },
      { value: 'e2', partition: 1 },
    ]);
    const cli = spawnCli(['consume', '--topic', 'events', '--group', 'console', '--from-beginning'], { brokers });
    const group = await broker.waitForGroupStable('console', { members: 1 });
    expect(group.members[0]).toMatchObject({
      clientId: 'minibroker-cli',
      assignment: [{ topic: 'events', partitions: [0, 1] }],
    });
    await cli.waitFor(/(e\d\n){3}/);

    cli.child.kill('SIGINT');
    const result = await cli.exited;
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n').filter(Boolean).sort()).toEqual(['e0', 'e1', 'e2']);
    expect(result.stderr).toBe('Processed a total of 3 messages\n');

    // It left (no waiting for a session timeout) and committed everything it printed.
    const admin = new Client({ brokers, logLevel: 'nothing' }).admin();
    await admin.connect();
    try {
      const { groups } = await admin.describeGroups(['console']);
      expect(groups[0]).toMatchObject({ state: 'Empty', members: [] });
      expect(await admin.fetchOffsets({ groupId: 'console', topics: ['events'] })).toEqual([
        {
          topic: 'events',
          partitions: [
            { partition: 0, offset: '1', metadata: expect.anything() },
            { partition: 1, offset: '2', metadata: expect.anything() },
          ],
        },
      ]);
    } finally {
      await admin.disconnect();
    }
  });
});
