// An idempotent producer's identity and sequence numbers: the producer id and epoch from
// InitProducerId, and per partition the sequence of the next record. A batch takes its sequence
// when it is first encoded (just before it is first sent); a retry resends the same bytes, so the
// broker recognises a duplicate. When a batch is given up, what the broker stored of it is unknown,
// so the producer takes a new producer id and every partition's sequences start over.
import type { BatchProducer } from '../../protocol/record-batch.js';
import type { Logger } from '../logger.js';

const MAX_SEQUENCE = 0x7fffffff;

export interface ProducerIdentity {
  producerId: number;
  producerEpoch: number;
}

export class Idempotence {
  private identity: ProducerIdentity | undefined;
  private readonly sequences = new Map<string, number>();
  private renewing: Promise<void> | undefined;

  constructor(
    private readonly initProducerId: () => Promise<ProducerIdentity>,
    private readonly logger: Logger,
    readonly transactional = false,
  ) {}

  /** Asks the broker for a producer id once (connect calls it). */
  async init(): Promise<void> {
    if (this.identity) return;
    await this.renew();
  }

  get current(): ProducerIdentity | undefined {
    return this.identity;
  }

  /** True while a new producer id is being fetched: nothing may be encoded meanwhile. */
  get busy(): boolean {
    return this.renewing !== undefined || this.identity === undefined;
  }

  /** The header fields of the next batch of `count` records for a partition; advances its sequence. */
  take(topic: string, partition: number, count: number): BatchProducer {
    const identity = this.identity;
    if (!identity) throw new Error('idempotent producer used before InitProducerId');
    const key = `${topic}|${partition}`;
    const baseSequence = this.sequences.get(key) ?? 0;
    this.sequences.set(key, (baseSequence + count) % (MAX_SEQUENCE + 1));
    return { ...identity, baseSequence, transactional: this.transactional };
  }

  /** Takes a new producer id (sequences start over); resolves when it is there. Concurrent calls share one request. */
  renew(): Promise<void> {
    this.renewing ??= (async () => {
      try {
        const identity = await this.initProducerId();
        this.identity = identity;
        this.sequences.clear();
        this.logger.debug({ ...identity }, 'producer id assigned');
      } finally {
        this.renewing = undefined;
      }
    })();
    return this.renewing;
  }
}
