// Drops idempotent producers' sequence state after producerIdExpirationMs without writes (from
// storage and from every partition's memory), as Kafka's producer.id.expiration.ms does, so
// short-lived producers do not pile up state forever. State with an open transaction stays.
import type { Logger } from '../logger.js';
import type { LogStore } from '../storage/log-store.js';
import type { TopicRegistry } from './topic-registry.js';
import { PeriodicTask } from '../periodic-task.js';

export class ProducerExpiry {
  private readonly timer = new PeriodicTask(() => this.run());

  constructor(
    private readonly topics: TopicRegistry,
    private readonly store: LogStore,
    private readonly expirationMs: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(intervalMs: number): void {
    this.timer.start(intervalMs);
  }

  stop(): void {
    this.timer.stop();
  }

  /** Expires now; returns how many stored states were dropped. */
  run(): number {
    const before = this.now() - this.expirationMs;
    try {
      const dropped = this.store.expireProducers(before);
      for (const topic of this.topics.list()) for (const log of topic.partitions) log.forgetProducers(before);
      if (dropped > 0) this.log.info({ dropped }, 'expired idle producer state');
      return dropped;
    } catch (err) {
      this.log.error({ err }, 'expiring producer state failed');
      return 0;
    }
  }
}
