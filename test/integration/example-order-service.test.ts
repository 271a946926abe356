// The example order service (examples/order-service) tested the way a user would test their own
// service with minibroker/testing: one in-process broker for the file, reset between tests,
// readiness from the broker instead of sleeps, and faults for the unhappy paths.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ORDER_RESULTS,
  ORDER_SERVICE_GROUP,
  ORDERS,
  startOrderService,
  type OrderService,
} from '../../examples/order-service/order-service.js';
import type { OrderResult } from '../../examples/order-service/process-order.js';
import { ErrorCode, startTestBroker, type ConsumedMessage, type TestBroker } from '../../testing/index.js';

let broker: TestBroker;
const running: OrderService[] = [];

beforeAll(async () => {
  broker = await startTestBroker();
});
beforeEach(() => broker.createTopic(ORDERS, 2));
afterEach(async () => {
  broker.faults.clear();
  await Promise.all(running.splice(0).map((service) => service.stop()));
  await broker.reset();
});
afterAll(() => broker.close());

async function instance(clientId: string): Promise<OrderService> {
  const service = await startOrderService({ brokers: broker.brokers, clientId, logLevel: 'nothing' });
  running.push(service);
  return service;
}

const order = (orderId: string, quantity = 1, unitPrice = 2.5) => ({
  key: orderId,
  value: JSON.stringify({ orderId, items: [{ sku: 'sku-1', quantity, unitPrice }] }),
});
const orders = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => order(`o${from + i}`));
const parse = (records: ConsumedMessage[]) => records.map((r) => JSON.parse(String(r.value)) as OrderResult);
const ids = (results: OrderResult[]) => results.map((r) => r.orderId).sort();

describe('order service', () => {
  it('writes one result per order and commits what it processed', async () => {
    await instance('order-service-1');
    await broker.produce(ORDERS, [order('o1', 2, 1.5), order('o2', 0), { key: 'o3', value: 'not json' }]);
    const lag = await broker.waitForLag(ORDER_SERVICE_GROUP, 0);
    expect(lag.partitions.map((p) => p.topic)).toEqual([ORDERS, ORDERS]);
    const results = parse(await broker.consumeN(ORDER_RESULTS, 3));
    expect(results).toEqual(
      expect.arrayContaining([
        { orderId: 'o1', status: 'accepted', total: 300 },
        { orderId: 'o2', status: 'rejected', reason: 'bad quantity' },
        { orderId: 'unknown', status: 'rejected', reason: 'not JSON' },
      ]),
    );
  });

  it('shares the partitions between two instances, each order handled once', async () => {
    await Promise.all([instance('order-service-a'), instance('order-service-b')]);
    const group = await broker.waitForGroupStable(ORDER_SERVICE_GROUP, { members: 2 });
    expect(group.members.map((m) => m.assignment)).toEqual([
      [{ topic: ORDERS, partitions: [expect.any(Number)] }],
      [{ topic: ORDERS, partitions: [expect.any(Number)] }],
    ]);
    await broker.produce(ORDERS, orders(1, 10));
    await broker.waitForLag(ORDER_SERVICE_GROUP, 0);
    expect(ids(parse(await broker.consumeN(ORDER_RESULTS, 10)))).toEqual(
      orders(1, 10)
        .map((o) => o.key)
        .sort(),
    );
  });

  it('crash and takeover: a hung instance is evicted, another resumes from the committed offset, nothing is lost', async () => {
    await instance('order-service-a');
    await broker.produce(ORDERS, orders(1, 3));
    await broker.waitForLag(ORDER_SERVICE_GROUP, 0);
    const [memberA] = (await broker.waitForGroupStable(ORDER_SERVICE_GROUP, { members: 1 })).members;

    // Instance A hangs on its next order: the result is stored but A never hears back, so it
    // never commits that order (as if it died between writing the result and committing).
    broker.faults.delayResponses({ api: 'Produce', ms: 60_000, clientId: 'order-service-a' });
    await broker.produce(ORDERS, orders(4, 6));
    const inFlight = parse(await broker.consumeN(ORDER_RESULTS, 4))[3]!.orderId;

    // Its session expires (kickMember stands in for waiting out sessionTimeout); B takes over.
    broker.faults.kickMember(ORDER_SERVICE_GROUP, memberA!.memberId);
    await instance('order-service-b');
    const group = await broker.waitForGroupStable(ORDER_SERVICE_GROUP, { members: 1 });
    expect(group.members[0]!.clientId).toBe('order-service-b');
    expect(group.members[0]!.assignment).toEqual([{ topic: ORDERS, partitions: [0, 1] }]);
    await broker.waitForLag(ORDER_SERVICE_GROUP, 0);

    // Every order has a result; the only one written twice is the order A was stuck on.
    const results = ids(parse(await broker.consumeN(ORDER_RESULTS, 7)));
    expect(new Set(results)).toEqual(new Set(['o1', 'o2', 'o3', 'o4', 'o5', 'o6']));
    expect(results.filter((id, i) => results.indexOf(id) !== i)).toEqual([inFlight]);
  });

  it('an instance whose connections drop reconnects and carries on, without loss or duplicates', async () => {
    await instance('order-service-a');
    await broker.produce(ORDERS, orders(1, 3));
    await broker.waitForLag(ORDER_SERVICE_GROUP, 0);
    expect(broker.faults.dropConnections({ clientId: 'order-service-a' })).toBeGreaterThan(0);
    await broker.produce(ORDERS, orders(4, 6));
    await broker.waitForLag(ORDER_SERVICE_GROUP, 0);
    expect(ids(parse(await broker.consumeN(ORDER_RESULTS, 6)))).toEqual(['o1', 'o2', 'o3', 'o4', 'o5', 'o6']);
  });

  it('a failed commit is retried: the order is committed once and its result written once', async () => {
    await instance('order-service-a');
    broker.faults.failNext({ api: 'OffsetCommit', errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, times: 2 });
    await broker.produce(ORDERS, orders(1, 2));
    await broker.waitForLag(ORDER_SERVICE_GROUP, 0);
    expect(ids(parse(await broker.consumeN(ORDER_RESULTS, 2)))).toEqual(['o1', 'o2']);
  });
});
