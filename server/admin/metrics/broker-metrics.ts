// The broker's own metrics, fed by two hooks the core knows only as plain functions: the
// dispatcher's request observer and the coordinator's group-event listener. One Registry per
// broker (never prom-client's global one), so several brokers in a process do not clash.
import { Counter, Histogram, Registry } from 'prom-client';
import type { GroupEvent } from '../../groups/group-events.js';
import type { ObservedRequest } from '../../network/request-observer.js';
import type { TransactionEvent } from '../../transactions/coordinator.js';

export class BrokerMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'minibroker_requests_total',
    help: 'Requests answered, by API and error code (0 = success)',
    labelNames: ['api', 'error_code'] as const,
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'minibroker_request_duration_seconds',
    help: 'Time from a request frame decoded to its response encoded, by API',
    labelNames: ['api'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30],
    registers: [this.registry],
  });
  private readonly bytesIn = new Counter({
    name: 'minibroker_network_received_bytes_total',
    help: 'Request frame bytes received, by API',
    labelNames: ['api'] as const,
    registers: [this.registry],
  });
  private readonly bytesOut = new Counter({
    name: 'minibroker_network_sent_bytes_total',
    help: 'Response frame bytes sent, by API',
    labelNames: ['api'] as const,
    registers: [this.registry],
  });
  private readonly rebalances = new Counter({
    name: 'minibroker_group_rebalances_total',
    help: 'Rebalances started, by consumer group',
    labelNames: ['consumergroup'] as const,
    registers: [this.registry],
  });
  private readonly transactionsEnded = new Counter({
    name: 'minibroker_transactions_total',
    help: 'Transactions completed, by outcome (commit, abort, timeout-abort)',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly fencedProducers = new Counter({
    name: 'minibroker_fenced_producers_total',
    help: 'Requests and batches refused with PRODUCER_FENCED (a newer producer took over the transactional id)',
    registers: [this.registry],
  });

  /** The dispatcher's RequestObserver. */
  readonly observeRequest = (r: ObservedRequest): void => {
    this.requests.inc({ api: r.api, error_code: String(r.errorCode) });
    this.latency.observe({ api: r.api }, r.durationSeconds);
    this.bytesIn.inc({ api: r.api }, r.bytesIn);
    if (r.bytesOut > 0) this.bytesOut.inc({ api: r.api }, r.bytesOut);
  };

  /** The transaction coordinator's event listener. */
  readonly onTransactionEvent = (event: TransactionEvent): void => {
    if (event.type === 'fenced') this.fencedProducers.inc();
    else this.transactionsEnded.inc({ outcome: event.type });
  };

  /** The coordinator's GroupEventListener. A removed group's series go with it, so deleted groups do not pile up in /metrics. */
  readonly onGroupEvent = (event: GroupEvent): void => {
    if (event.type === 'rebalance-started') this.rebalances.inc({ consumergroup: event.groupId });
    else if (event.type === 'group-removed') this.rebalances.remove({ consumergroup: event.groupId });
  };
}
