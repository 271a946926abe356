// The registry lives in the broker's SQLite file: after a restart every subject, version, setting
// and id is as it was, new schemas get new ids, and a known schema keeps its id.
import { afterEach, expect, it } from 'vitest';
import { startBroker, type Broker } from '../../server/broker.js';
import { avroRecord, registryClient } from '../helpers/schema-registry.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const tempDir = useTempDirs('registry');
const open: Broker[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((b) => b.close()));
});

async function start(dataDir: string) {
  const broker = await startBroker({ port: 0, httpPort: 0, dataDir });
  open.push(broker);
  return { broker, sr: registryClient(broker.adminUrl!) };
}

const user = avroRecord('User', [{ name: 'name', type: 'string' }]);
const order = avroRecord('Order', [{ name: 'id', type: 'string' }]);
const invoice = avroRecord('Invoice', [{ name: 'total', type: 'double' }]);

it('keeps subjects, versions, settings and ids across a restart', async () => {
  const dataDir = tempDir();
  const before = await start(dataDir);
  const userId = ((await before.sr('POST', '/subjects/users/versions', user)).body as { id: number }).id;
  const orderId = ((await before.sr('POST', '/subjects/orders/versions', order)).body as { id: number }).id;
  await before.sr('DELETE', '/subjects/orders');
  await before.sr('PUT', '/config/users', { compatibility: 'FULL' });
  await before.broker.close();

  const after = await start(dataDir);
  expect((await after.sr('GET', '/subjects')).body).toEqual(['users']);
  expect((await after.sr('GET', '/subjects?deleted=true')).body).toEqual(['orders', 'users']);
  expect((await after.sr('GET', '/subjects/users/versions/1')).body).toMatchObject({ id: userId });
  expect((await after.sr('GET', `/schemas/ids/${orderId}`)).status).toBe(200);
  expect((await after.sr('GET', '/config/users')).body).toEqual({ compatibilityLevel: 'FULL' });
  // A known schema under a new subject keeps its id; a new schema gets one never given before.
  expect((await after.sr('POST', '/subjects/copy/versions', user)).body).toEqual({ id: userId });
  const invoiceId = ((await after.sr('POST', '/subjects/invoices/versions', invoice)).body as { id: number }).id;
  expect(invoiceId).toBeGreaterThan(Math.max(userId, orderId));
});
