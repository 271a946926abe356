// Which topics a subscription covers: literal names plus RegExps matched against the topic list
// from metadata (Kafka's pattern subscription). Pure, so the rejoin decisions are unit-tested.

export type TopicPattern = string | RegExp;

export class TopicMatcher {
  private readonly literals: Set<string>;
  private readonly patterns: RegExp[];

  constructor(topics: readonly TopicPattern[]) {
    this.literals = new Set(topics.filter((t): t is string => typeof t === 'string'));
    // A /g or /y pattern keeps lastIndex between test() calls; matching must not depend on history.
    this.patterns = topics
      .filter((t): t is RegExp => t instanceof RegExp)
      .map((re) => new RegExp(re.source, re.flags.replace(/[gy]/g, '')));
  }

  /** True when some topic is a RegExp: the whole topic list is needed to resolve the subscription. */
  get hasPatterns(): boolean {
    return this.patterns.length > 0;
  }

  /** The topics named literally. */
  literalTopics(): string[] {
    return [...this.literals].sort();
  }

  matches(topic: string): boolean {
    return this.literals.has(topic) || this.patterns.some((re) => re.test(topic));
  }

  /**
   * The subscribed topics, sorted: literal names always (a topic that does not exist yet gets no
   * partitions until it does), plus the existing non-internal topics a pattern matches.
   */
  resolve(existing: readonly { name: string; isInternal?: boolean }[]): string[] {
    const out = new Set(this.literals);
    for (const topic of existing)
      if (!topic.isInternal && this.patterns.some((re) => re.test(topic.name))) out.add(topic.name);
    return [...out].sort();
  }
}

export interface MetadataSnapshot {
  /** What this member subscribed to when it last joined. */
  joinedTopics: readonly string[];
  /** Partition counts the leader assigned from (undefined on followers). */
  assignedCounts?: ReadonlyMap<string, number>;
}

/**
 * Why the member must rejoin after a metadata refresh, or undefined: its resolved subscription
 * changed (a new topic matches a pattern, or a topic went away), or, on the leader, a topic of
 * the group changed its partition count (Kafka: "adding partitions triggers a rebalance").
 */
export function metadataChange(
  snapshot: MetadataSnapshot,
  subscribed: readonly string[],
  counts: ReadonlyMap<string, number>,
): string | undefined {
  const joined = new Set(snapshot.joinedTopics);
  if (subscribed.length !== joined.size || subscribed.some((t) => !joined.has(t))) return 'subscription changed';
  if (snapshot.assignedCounts) {
    for (const [topic, count] of snapshot.assignedCounts) {
      const now = counts.get(topic);
      if (now !== undefined && now !== count) return `partitions of "${topic}" changed from ${count} to ${now}`;
    }
  }
  return undefined;
}
