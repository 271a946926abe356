// Runs one instance against a broker: MINIBROKER_BROKERS=localhost:9092 node --import tsx examples/order-service/main.ts
import { startOrderService } from './order-service.js';

const brokers = (process.env.MINIBROKER_BROKERS ?? 'localhost:9092').split(',');
const service = await startOrderService({
  brokers,
  clientId: process.env.ORDER_SERVICE_CLIENT_ID ?? `order-service-${process.pid}`,
});
console.log(`order service ${service.clientId} consuming from ${brokers.join(',')}`);
const stop = () => void service.stop().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
