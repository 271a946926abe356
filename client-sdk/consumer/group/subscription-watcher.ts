// The metadata side of a subscription: which topics it resolves to now, partition counts for
// the leader's assignment, and a periodic check (every metadataMaxAge) that asks for a rejoin
// when the answer changes — a new topic matching a pattern, partitions added to a group topic.
import { ErrorCode } from '../../../protocol/errors.js';
import type { Logger } from '../../logger.js';
import type { Cluster } from '../../network/cluster.js';
import { metadataChange, type MetadataSnapshot, type TopicMatcher } from './topic-matcher.js';

export class SubscriptionWatcher {
  private timer: NodeJS.Timeout | undefined;
  private checking = false;

  constructor(
    private readonly cluster: Cluster,
    readonly matcher: TopicMatcher,
    private readonly interval: number,
    private readonly logger: Logger,
  ) {}

  /** The subscribed topics now (patterns resolved against the topic list). */
  async resolve(): Promise<string[]> {
    if (!this.matcher.hasPatterns) return this.matcher.literalTopics();
    const metadata = await this.cluster.fetchMetadata(undefined);
    return this.matcher.resolve(metadata.topics.filter((t) => t.errorCode === ErrorCode.NONE));
  }

  /** Partition counts by topic; 0 for topics that do not exist (yet). */
  async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map(topics.map((t) => [t, 0]));
    if (topics.length === 0) return counts;
    const metadata = await this.cluster.fetchMetadata([...topics]);
    for (const t of metadata.topics)
      if (t.errorCode === ErrorCode.NONE && counts.has(t.name)) counts.set(t.name, t.partitions.length);
    return counts;
  }

  /** Checks every interval while `snapshot` returns one; calls `onChange` with the reason to rejoin. */
  start(snapshot: () => MetadataSnapshot | undefined, onChange: (reason: string) => void): void {
    this.stop();
    this.timer = setTimeout(() => {
      if (!snapshot()) return;
      void this.check(snapshot, onChange).finally(() => {
        if (this.timer) this.start(snapshot, onChange);
      });
    }, this.interval);
    this.timer.unref();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async check(snapshot: () => MetadataSnapshot | undefined, onChange: (reason: string) => void): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const before = snapshot();
      if (!before) return;
      const watched = [...new Set([...before.joinedTopics, ...(before.assignedCounts?.keys() ?? [])])];
      const metadata = await this.cluster.fetchMetadata(this.matcher.hasPatterns ? undefined : watched);
      const current = snapshot();
      if (!current) return;
      const existing = metadata.topics.filter((t) => t.errorCode === ErrorCode.NONE);
      const subscribed = this.matcher.hasPatterns ? this.matcher.resolve(existing) : this.matcher.literalTopics();
      const change = metadataChange(current, subscribed, new Map(existing.map((t) => [t.name, t.partitions.length])));
      if (change) onChange(change);
    } catch (error) {
      this.logger.debug({ error: (error as Error).message }, 'metadata check failed');
    } finally {
      this.checking = false;
    }
  }
}
