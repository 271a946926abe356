// The order service's business rule, a pure function: an order in, its result out.

export interface Order {
  orderId: string;
  items: { sku: string; quantity: number; unitPrice: number }[];
}

export type OrderResult =
  { orderId: string; status: 'accepted'; total: number } | { orderId: string; status: 'rejected'; reason: string };

/** Accepts an order with at least one item and positive quantities; totals it in cents. */
export function processOrder(raw: string): OrderResult {
  let order: Partial<Order>;
  try {
    order = JSON.parse(raw) as Partial<Order>;
  } catch {
    return { orderId: 'unknown', status: 'rejected', reason: 'not JSON' };
  }
  const orderId = typeof order.orderId === 'string' ? order.orderId : 'unknown';
  if (!Array.isArray(order.items) || order.items.length === 0)
    return { orderId, status: 'rejected', reason: 'no items' };
  if (order.items.some((i) => !Number.isInteger(i.quantity) || i.quantity <= 0))
    return { orderId, status: 'rejected', reason: 'bad quantity' };
  const total = order.items.reduce((sum, i) => sum + i.quantity * Math.round(i.unitPrice * 100), 0);
  return { orderId, status: 'accepted', total };
}
