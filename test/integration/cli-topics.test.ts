// `minibroker topics …` as child processes against a test broker on port 0; and the errors every
// command shares (unknown topic, unreachable broker).
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../testing/index.js';
import { runCli, tableRows } from '../helpers/run-cli.js';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(() => broker.close());

describe('minibroker topics', () => {
  it('creates, lists, describes and deletes topics, as tables and as JSON', async () => {
    const brokers = broker.brokers;
    const [created, createdJson] = await Promise.all([
      runCli(['topics', 'create', '--topic', 'orders', '--partitions', '2'], { brokers }),
      runCli(
        [
          'topics',
          'create',
          '--topic',
          'audit',
          '--config',
          'retention.ms=60000',
          '--config',
          'retention.bytes=1048576',
          '--json',
        ],
        { brokers },
      ),
    ]);
    expect(created).toMatchObject({ code: 0, stdout: 'Created topic orders with 2 partitions.\n' });
    expect(JSON.parse(createdJson.stdout)).toEqual({
      topic: 'audit',
      partitions: 1,
      created: true,
      configs: { 'retention.ms': '60000', 'retention.bytes': '1048576' },
    });
    await broker.produce('orders', [
      { value: 'a', partition: 0 },
      { value: 'b', partition: 0 },
      { value: 'c', partition: 1 },
    ]);

    const [again, list, listJson, describe, describeJson] = await Promise.all([
      runCli(['topics', 'create', '--topic', 'orders'], { brokers }),
      runCli(['topics', 'list'], { brokers }),
      runCli(['topics', 'list', '--json'], { brokers }),
      runCli(['topics', 'describe', '--topic', 'orders'], { brokers }),
      runCli(['topics', 'describe', '--json'], { brokers }),
    ]);
    expect(again).toMatchObject({ code: 1, stderr: 'minibroker: topic "orders" already exists\n' });
    expect(list.stdout).toBe('audit\norders\n');
    expect(JSON.parse(listJson.stdout)).toEqual([
      { name: 'audit', partitions: 1 },
      { name: 'orders', partitions: 2 },
    ]);
    expect(tableRows(describe.stdout)).toEqual([
      ['TOPIC', 'PARTITION', 'LEADER', 'LOG-START-OFFSET', 'LOG-END-OFFSET', 'RECORDS'],
      ['orders', '0', '0', '0', '2', '2'],
      ['orders', '1', '0', '0', '1', '1'],
    ]);
    expect(JSON.parse(describeJson.stdout)).toEqual([
      { topic: 'audit', partitions: [{ partition: 0, leader: 0, logStartOffset: 0, logEndOffset: 0 }] },
      {
        topic: 'orders',
        partitions: [
          { partition: 0, leader: 0, logStartOffset: 0, logEndOffset: 2 },
          { partition: 1, leader: 0, logStartOffset: 0, logEndOffset: 1 },
        ],
      },
    ]);

    const deleted = await runCli(['topics', 'delete', '--topic', 'audit'], { brokers });
    expect(deleted).toMatchObject({ code: 0, stdout: 'Deleted topic audit.\n' });
    const [afterDelete, describeGone, deleteGone] = await Promise.all([
      runCli(['topics', 'list', '--json'], { brokers }),
      runCli(['topics', 'describe', '--topic', 'audit'], { brokers }),
      runCli(['topics', 'delete', '--topic', 'audit'], { brokers }),
    ]);
    expect(JSON.parse(afterDelete.stdout)).toEqual([{ name: 'orders', partitions: 2 }]);
    expect(describeGone).toMatchObject({ code: 1, stdout: '', stderr: 'minibroker: topic "audit" does not exist\n' });
    expect(deleteGone).toMatchObject({ code: 1, stderr: 'minibroker: topic "audit" does not exist\n' });
  });

  it('says plainly when the broker is unreachable or the arguments are wrong, with exit code 1', async () => {
    const port = await closedPort();
    const [unreachable, fromEnv, missing, badNumber] = await Promise.all([
      runCli(['topics', 'list', '--bootstrap-server', `127.0.0.1:${port}`]),
      runCli(['groups', 'list'], { env: { MINIBROKER_BROKERS: `127.0.0.1:${port}` } }),
      runCli(['topics', 'create'], { brokers: broker.brokers }),
      runCli(['topics', 'create', '--topic', 'x', '--partitions', 'two'], { brokers: broker.brokers }),
    ]);
    for (const result of [unreachable, fromEnv]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        new RegExp(`^minibroker: cannot reach the broker at 127\\.0\\.0\\.1:${port} .*is it running\\?`),
      );
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/required option '--topic <topic>' not specified/);
    expect(badNumber.code).toBe(1);
    expect(badNumber.stderr).toMatch(/--partitions <n>' argument 'two' is invalid/);
  });
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
