// A broker restarted in the middle of a transaction: an open transaction survives (its records
// stay held back from read_committed readers) and can still commit; one decided but not yet
// completed (PrepareCommit) is completed at start-up; one past its timeout is aborted.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startBroker, type Broker } from '../../server/broker.js';
import { RawClient } from '../helpers/broker.js';
import { createTopic } from '../helpers/groups.js';
import { pollUntil } from '../helpers/poll-until.js';
import { useTempDirs } from '../helpers/temp-dirs.js';
import { addPartitions, endTxn, initTransactional, produceTxn, readValues } from '../helpers/transactions.js';

const tempDir = useTempDirs('txn-restart');
const open: { broker?: Broker; client?: RawClient }[] = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    o.client?.destroy();
    await o.broker?.close();
  }
});

async function start(dataDir: string, options = {}) {
  const broker = await startBroker({ port: 0, logLevel: 'silent', dataDir, ...options });
  const client = await RawClient.connect(broker.port, broker.host);
  open.push({ broker, client });
  return { broker, client };
}

async function stop({ broker, client }: { broker: Broker; client: RawClient }) {
  client.destroy();
  await broker.close();
}

/** A transaction with one record per partition 0 and 1 of topic t, left open. */
async function openTransaction(client: RawClient, transactionalId: string, timeoutMs = 60_000) {
  await createTopic(client, 't', 2);
  const p = await initTransactional(client, transactionalId, timeoutMs);
  await addPartitions(client, p, 't', [0, 1]);
  await produceTxn(client, p, 't', 0, ['a']);
  await produceTxn(client, p, 't', 1, ['b']);
  return p;
}

describe('a broker restart mid-transaction', () => {
  it('keeps an open transaction open and held back; it commits after the restart', async () => {
    const dir = tempDir();
    const first = await start(dir);
    const p = await openTransaction(first.client, 'tx-open');
    await stop(first);

    const second = await start(dir);
    expect(await readValues(second.client, 't', 0, true)).toMatchObject({ values: [], lastStableOffset: 0 });
    expect(await endTxn(second.client, p, true)).toBe(0);
    expect((await readValues(second.client, 't', 0, true)).values).toEqual(['a']);
    expect((await readValues(second.client, 't', 1, true)).values).toEqual(['b']);
  });

  it('completes a commit that was decided (PrepareCommit) but not written before the stop', async () => {
    const dir = tempDir();
    const first = await start(dir);
    await openTransaction(first.client, 'tx-prepared');
    await stop(first);
    // As if the broker died between storing the decision and writing the markers.
    const db = new Database(join(dir, 'minibroker.db'));
    db.prepare("UPDATE transactions SET state = 'PrepareCommit' WHERE transactional_id = ?").run('tx-prepared');
    db.close();

    const second = await start(dir);
    await pollUntil(() => second.broker.services.transactions.describe('tx-prepared')?.state === 'CompleteCommit');
    expect((await readValues(second.client, 't', 0, true)).values).toEqual(['a']);
    expect((await readValues(second.client, 't', 1, true)).values).toEqual(['b']);
  });

  it('completes an abort that was decided (PrepareAbort) before the stop', async () => {
    const dir = tempDir();
    const first = await start(dir);
    await openTransaction(first.client, 'tx-prepared-abort');
    await stop(first);
    const db = new Database(join(dir, 'minibroker.db'));
    db.prepare("UPDATE transactions SET state = 'PrepareAbort' WHERE transactional_id = ?").run('tx-prepared-abort');
    db.close();

    const second = await start(dir);
    await pollUntil(() => second.broker.services.transactions.describe('tx-prepared-abort')?.state === 'CompleteAbort');
    expect(await readValues(second.client, 't', 0, true)).toMatchObject({ values: [], lastStableOffset: 2 });
  });

  it('aborts, after the restart, an open transaction whose timeout has passed', async () => {
    const dir = tempDir();
    const first = await start(dir);
    const p = await openTransaction(first.client, 'tx-expired', 100);
    await stop(first);

    const second = await start(dir, { transactionTimeoutCheckIntervalMs: 10 });
    await pollUntil(() => second.broker.services.transactions.describe('tx-expired')?.state === 'CompleteAbort');
    expect((await readValues(second.client, 't', 0, true)).values).toEqual([]);
    expect(await endTxn(second.client, p, true)).not.toBe(0);
  });
});
