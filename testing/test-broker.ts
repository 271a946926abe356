// startTestBroker: an in-memory broker on a free port for integration tests, with helpers that
// resolve the moment the broker's own state says a condition holds, fault injection, and
// reset() so one broker serves a whole suite with clean state per test.
import type { RecordMetadata, SaslOptions } from '../client-sdk/index.js';
import { startBroker, type Broker, type BrokerConfig } from '../server/index.js';
import { FaultInjector, type Faults } from './faults.js';
import { describeGroup, describeLag, groupLag, stableGroup, type GroupLag, type StableGroup } from './group-state.js';
import { KitProducer, type TestRecord } from './kit-producer.js';
import { readRecords, recordCount, watchTopic, type ConsumedMessage } from './read-records.js';
import { Waits } from './wait-for.js';

/**
 * Broker settings (as startBroker's); always in memory, on port 0 unless given, logs silent. The
 * admin HTTP server (and with it the schema registry) listens on a free port unless httpPort is given.
 */
export type TestBrokerOptions = Omit<Partial<BrokerConfig>, 'memory' | 'dataDir'> & {
  /** Users who may connect; with any, every client must authenticate (SASL). The kit's own
   *  requests authenticate as the first one, a super user unless `superUsers` says otherwise. */
  users?: readonly { username: string; password: string }[];
};

export interface TestBroker {
  /** Bootstrap addresses: `new Client({ brokers: broker.brokers })`, and for Kafka clients (`new Kafka({ brokers: broker.brokers })`): one port speaks both protocols. */
  readonly brokers: string[];
  /**
   * The broker's Confluent-compatible schema registry (http://127.0.0.1:PORT), for
   * `new SchemaRegistry({ host: broker.schemaRegistryUrl })`. Throws when started with httpPort: false.
   */
  readonly schemaRegistryUrl: string;
  /** SASL credentials of the first user (SCRAM-SHA-256), for `new Client({ brokers, sasl })`; undefined without users. */
  readonly sasl: SaslOptions | undefined;
  /** Stops the broker; no timer, socket or worker is left behind. Idempotent. */
  close(): Promise<void>;
  /**
   * Deletes every topic, group and committed offset, and clears faults. Group members are
   * evicted (their next request gets UNKNOWN_MEMBER_ID) and join a new, empty group; clients stay
   * connected and see the topics gone, as after a deletion. Schema registry subjects and settings
   * are cleared too; schema ids already given stay taken, so a client's cached id never changes meaning.
   */
  reset(): Promise<void>;
  /** Creates a topic; a no-op when it already exists with that many partitions. */
  createTopic(name: string, partitions: number): Promise<void>;
  /** Produces through the SDK (Kafka's partitioner: a key picks the partition); resolves once stored. */
  produce(topic: string, records: readonly TestRecord[]): Promise<RecordMetadata[]>;
  /** Resolves with the topic's first n records (partition by partition) once it holds at least n; waits for the topic to appear. */
  consumeN(topic: string, n: number, options?: { timeoutMs?: number }): Promise<ConsumedMessage[]>;
  /** Resolves once the group is Stable, every member has its assignment, and (if given) it has `members` members. */
  waitForGroupStable(groupId: string, options?: { members?: number; timeoutMs?: number }): Promise<StableGroup>;
  /**
   * Resolves once the group's lag (produced minus committed, summed over the partitions of the
   * topics it committed offsets for or, when Stable, subscribes to) is at most `lag`. A group
   * with neither has no lag yet, so the wait goes on.
   */
  waitForLag(groupId: string, lag: number, options?: { timeoutMs?: number }): Promise<GroupLag>;
  readonly faults: Faults;
}

const DEFAULT_TIMEOUT_MS = 5000;

export async function startTestBroker(options: TestBrokerOptions = {}): Promise<TestBroker> {
  const faults = new FaultInjector();
  const first = options.users?.[0];
  const broker = await startBroker({
    port: 0,
    logLevel: 'silent',
    autoCreateTopics: true,
    httpPort: 0,
    superUsers: first ? [first.username] : [],
    ...options,
    memory: true,
    requestInterceptor: faults.intercept,
  });
  faults.attach(broker);
  const sasl: SaslOptions | undefined = first && { mechanism: 'scram-sha-256', ...first };
  return new TestBrokerImpl(broker, faults, sasl);
}

class TestBrokerImpl implements TestBroker {
  readonly brokers: string[];
  private readonly waits = new Waits();
  private readonly producer: KitProducer;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly broker: Broker,
    readonly faults: FaultInjector,
    readonly sasl: SaslOptions | undefined,
  ) {
    this.brokers = broker.brokers;
    this.producer = new KitProducer(broker.brokers, sasl);
  }

  get schemaRegistryUrl(): string {
    if (this.broker.adminUrl === undefined)
      throw new Error('schemaRegistryUrl: this test broker was started with httpPort: false, so it serves no registry');
    return this.broker.adminUrl;
  }

  close(): Promise<void> {
    return (this.closing ??= (async () => {
      this.waits.abortAll('the test broker was closed');
      this.faults.clear();
      await this.producer.close();
      await this.broker.close();
    })());
  }

  async reset(): Promise<void> {
    const { coordinators, topics } = this.broker.services;
    this.faults.clear();
    await this.producer.close();
    coordinators.testHooks.reset();
    for (const topic of topics.list()) topics.delete(topic.name);
    this.broker.services.schemaRegistry.clear();
  }

  createTopic(name: string, partitions: number): Promise<void> {
    // Synchronous underneath; a mistake still rejects (the executor's throw), as in every other helper.
    return new Promise((resolve) => {
      const { topics } = this.broker.services;
      const existing = topics.get(name);
      if (existing) {
        if (existing.partitions.length === partitions) return resolve();
        throw new Error(
          `createTopic: topic "${name}" already exists with ${existing.partitions.length} partitions (asked for ${partitions})`,
        );
      }
      topics.create(name, partitions);
      resolve();
    });
  }

  produce(topic: string, records: readonly TestRecord[]): Promise<RecordMetadata[]> {
    return this.producer.send(topic, records);
  }

  consumeN(topic: string, n: number, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}): Promise<ConsumedMessage[]> {
    if (!Number.isInteger(n) || n < 0)
      return Promise.reject(new TypeError(`consumeN: n must be a non-negative integer, got ${String(n)}`));
    const services = this.broker.services;
    return this.waits.wait({
      what: `${n} record${n === 1 ? '' : 's'} in topic "${topic}"`,
      // The offset count is a cheap first test; markers and aborted records take offsets too.
      check: () => {
        if (recordCount(services, topic) < n) return undefined;
        const records = readRecords(services, topic, n);
        return records.length >= n ? records : undefined;
      },
      describe: () =>
        services.topics.get(topic)
          ? `topic "${topic}" holds ${recordCount(services, topic)}`
          : `topic "${topic}" does not exist`,
      subscribe: (recheck) => watchTopic(services, topic, recheck),
      timeoutMs,
    });
  }

  waitForGroupStable(
    groupId: string,
    { members, timeoutMs = DEFAULT_TIMEOUT_MS }: { members?: number; timeoutMs?: number } = {},
  ): Promise<StableGroup> {
    if (members !== undefined && (!Number.isInteger(members) || members < 1)) {
      return Promise.reject(
        new TypeError(`waitForGroupStable: members must be a positive integer, got ${String(members)}`),
      );
    }
    const services = this.broker.services;
    return this.waits.wait({
      what: `group "${groupId}" to be Stable${members !== undefined ? ` with ${members} member${members === 1 ? '' : 's'}` : ''}`,
      check: () => stableGroup(services, groupId, members),
      describe: () => describeGroup(services, groupId),
      subscribe: (recheck) => services.coordinators.watch((id) => id === groupId && recheck()),
      timeoutMs,
    });
  }

  waitForLag(groupId: string, lag: number, { timeoutMs = DEFAULT_TIMEOUT_MS } = {}): Promise<GroupLag> {
    if (!Number.isInteger(lag) || lag < 0)
      return Promise.reject(new TypeError(`waitForLag: lag must be a non-negative integer, got ${String(lag)}`));
    const services = this.broker.services;
    return this.waits.wait({
      what: `group "${groupId}" to have lag at most ${lag}`,
      check: () => {
        const current = groupLag(services, groupId);
        // No partitions: the group has not committed or subscribed yet, so its lag is unknown.
        return current.partitions.length > 0 && current.total <= lag ? current : undefined;
      },
      describe: () => describeLag(groupLag(services, groupId)),
      // Lag falls only when the group commits (or a topic goes); appends only raise it.
      subscribe: (recheck) => {
        const unwatchGroup = services.coordinators.watch((id) => id === groupId && recheck());
        const unwatchTopics = services.topics.watch(() => recheck());
        return () => {
          unwatchGroup();
          unwatchTopics();
        };
      },
      timeoutMs,
    });
  }
}
