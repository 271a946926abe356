// Builds the broker core on an in-memory database, with a manual clock for retention.
import { pino } from 'pino';
import { FetchWaiters } from '../../../../server/core/fetch-waiters.js';
import { Fetcher } from '../../../../server/core/fetcher.js';
import { AppendBatcher } from '../../../../server/core/append-batcher.js';
import { Retention } from '../../../../server/core/retention.js';
import { TopicRegistry } from '../../../../server/core/topic-registry.js';
import { BrokerDatabase } from '../../../../server/storage/database.js';
import { SqliteLogStore } from '../../../../server/storage/log-store.js';
import { SqliteTopicStore } from '../../../../server/storage/topic-store.js';

export function coreFixture(options: { maxBatchBytes?: number; retentionMs?: number; retentionBytes?: number } = {}) {
  const log = pino({ level: 'silent' });
  const database = new BrokerDatabase({ memory: true, dataDir: '', checkpointIntervalMs: 1000, log });
  const logStore = new SqliteLogStore(database.db, false);
  let commits = 0;
  const appendBatcher = new AppendBatcher(logStore, log, () => commits++);
  const topics = new TopicRegistry({
    topicStore: new SqliteTopicStore(database.db),
    logStore,
    sink: appendBatcher,
    transact: (fn) => database.db.transaction(fn)(),
    maxBatchBytes: options.maxBatchBytes ?? 1_048_588,
    defaultPartitions: 1,
    autoCreateTopics: true,
  });
  const clock = { now: 1_000_000 };
  const retention = new Retention(
    topics,
    logStore,
    { retentionMs: options.retentionMs ?? -1, retentionBytes: options.retentionBytes ?? -1 },
    log,
    () => clock.now,
  );
  const waiters = new FetchWaiters();
  return {
    database,
    topics,
    retention,
    clock,
    waiters,
    fetcher: new Fetcher(topics, waiters),
    appendBatcher,
    get commits() {
      return commits;
    },
    close: () => void database.close(),
  };
}
