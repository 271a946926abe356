// Transactions made visible: the admin API (/api/transactions), the admin SDK and the CLI
// (`minibroker transactions list|describe`) show ongoing transactions with their partitions and
// age; group lag is measured to the last stable offset; /metrics counts commits, aborts and
// fenced producers.
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildAdminApp } from '../../server/admin/index.js';
import { ErrorCode } from '../../protocol/errors.js';
import { RawClient, useBrokerFixtures } from '../helpers/broker.js';
import { commit, createTopic, joinAlone } from '../helpers/groups.js';
import { runCli, tableRows } from '../helpers/run-cli.js';
import { setup } from '../helpers/sdk.js';
import { addPartitions, endTxn, initTransactional, produceTxn } from '../helpers/transactions.js';

const fixtures = useBrokerFixtures();
const apps: FastifyInstance[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close();
});

/** The fields of the admin API's answers these tests read. */
interface Body {
  transactions: { ageMs: number }[];
  state: string;
  error: { code: string };
  partitions: { lag: number | null }[];
}

async function withOpenTransaction() {
  const s = await setup();
  const raw = await RawClient.connectTo(s.broker.brokers[0]!);
  await createTopic(raw, 't', 2);
  const p = await initTransactional(raw, 'visible-tx');
  await addPartitions(raw, p, 't', [1]);
  await produceTxn(raw, p, 't', 1, ['a', 'b']);
  const app = buildAdminApp(s.broker.services, { console: false });
  apps.push(app);
  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    return { status: res.statusCode, body: res.json<Body>() };
  };
  return { ...s, raw, p, get };
}

describe('transactions in the admin API, the admin SDK and the CLI', () => {
  it('lists and describes an ongoing transaction with its partitions and age', async () => {
    const s = await withOpenTransaction();
    const { raw, p, get, broker } = s;
    try {
      const listed = await get('/api/transactions');
      expect(listed.body.transactions).toMatchObject([
        {
          transactionalId: 'visible-tx',
          producerId: p.producerId,
          producerEpoch: 0,
          state: 'Ongoing',
          partitions: [{ topic: 't', partition: 1 }],
          groups: [],
        },
      ]);
      expect(listed.body.transactions[0]!.ageMs).toBeGreaterThanOrEqual(0);
      expect((await get('/api/transactions?state=CompleteCommit')).body.transactions).toEqual([]);
      expect((await get('/api/transactions/visible-tx')).body.state).toBe('Ongoing');
      expect((await get('/api/transactions/nobody')).body.error.code).toBe('TRANSACTION_NOT_FOUND');

      const a = await s.admin();
      expect(await a.listTransactions()).toEqual([
        { transactionalId: 'visible-tx', producerId: p.producerId, state: 'Ongoing' },
      ]);
      const [described] = await a.describeTransactions(['visible-tx']);
      expect(described).toMatchObject({ state: 'Ongoing', partitions: [{ topic: 't', partition: 1 }] });
      expect((await a.describeTransactions(['nobody']))[0]!.errorCode).toBe(ErrorCode.TRANSACTIONAL_ID_NOT_FOUND);

      const list = await runCli(['transactions', 'list'], { brokers: broker.brokers });
      expect(tableRows(list.stdout)).toEqual([
        ['TRANSACTIONAL-ID', 'PRODUCER-ID', 'STATE'],
        ['visible-tx', String(p.producerId), 'Ongoing'],
      ]);
      const describe = await runCli(['transactions', 'describe', '--transactional-id', 'visible-tx'], {
        brokers: broker.brokers,
      });
      const rows = tableRows(describe.stdout);
      expect(rows[0]).toEqual(['TRANSACTIONAL-ID', 'PRODUCER-ID', 'EPOCH', 'STATE', 'TIMEOUT-MS', 'AGE-MS', 'GROUPS']);
      expect(rows[1]!.slice(0, 5)).toEqual(['visible-tx', String(p.producerId), '0', 'Ongoing', '60000']);
      expect(rows.slice(-2)).toEqual([
        ['TOPIC', 'PARTITION'],
        ['t', '1'],
      ]);

      expect(await endTxn(raw, p, true)).toBe(0);
      expect((await get('/api/transactions/visible-tx')).body).toMatchObject({
        state: 'CompleteCommit',
        partitions: [],
        ageMs: -1,
      });
    } finally {
      raw.destroy();
    }
  });

  it('measures group lag to the last stable offset', async () => {
    const { raw, p, get } = await withOpenTransaction();
    try {
      const { memberId, generationId } = await joinAlone(raw, 'reader', {}, [0, 1]);
      expect(await commit(raw, 'reader', generationId, memberId, 't', { 1: 0 })).toEqual([0]);
      const before = (await get('/api/groups/reader')).body.partitions[1];
      expect(before).toMatchObject({ logEndOffset: 2, lastStableOffset: 0, lag: 0 });
      await endTxn(raw, p, true);
      const after = (await get('/api/groups/reader')).body.partitions[1];
      expect(after).toMatchObject({ logEndOffset: 3, lastStableOffset: 3, lag: 3 });
    } finally {
      raw.destroy();
    }
  });
});

describe('transaction metrics', () => {
  it('counts commits, aborts and fenced producers', async () => {
    const broker = await fixtures.broker({ httpPort: 0 });
    const client = await fixtures.client(broker);
    await createTopic(client, 't', 1);
    const p = await initTransactional(client, 'metrics-tx');
    for (const committed of [true, false, true]) {
      await addPartitions(client, p, 't', [0]);
      await produceTxn(client, p, 't', 0, ['x']);
      await endTxn(client, p, committed);
    }
    await initTransactional(client, 'metrics-tx'); // fences p
    expect(await endTxn(client, p, true)).toBe(ErrorCode.PRODUCER_FENCED);
    const text = await (await fetch(`${broker.adminUrl}/metrics`)).text();
    expect(text).toMatch(/^minibroker_transactions_total\{outcome="commit"\} 2$/m);
    expect(text).toMatch(/^minibroker_transactions_total\{outcome="abort"\} 1$/m);
    expect(text).toMatch(/^minibroker_fenced_producers_total 1$/m);
  });
});
