// Drops idempotent producers' sequence state after producerIdExpirationMs without writes (from
// storage and from every partition's memory), as Kafka's producer.id.expiration.ms does, so
// short-lived producers do not pile up state forever. State with an open transaction stays.
import type { Logger } from '../logger.js';
import type { LogStore } from '../storage/log-store.js';
import type { TopicRegistry } from './topic-registry.js';

export class ProducerExpiry {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly topics: TopicRegistry,
    private readonly store: LogStore,
    private readonly expirationMs: number,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  start(intervalMs: number): void {
    this.timer = setInterval(() => this.run(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
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
