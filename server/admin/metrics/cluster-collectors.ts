// Gauges read from the broker's state at scrape time (collect()), under kafka_exporter's names
// where one applies, so existing Kafka dashboards and alerts work unchanged.
import { Gauge, type Registry } from 'prom-client';
import { GROUP_STATES } from '../../groups/group-state.js';
import type { BrokerServices } from '../../broker-services.js';
import { groupDetails, type GroupDetails } from '../group-view.js';

/** Registers the gauges; call the returned function before each scrape so groups are read afresh. */
export function registerClusterCollectors(
  registry: Registry,
  services: BrokerServices,
  connections: () => number,
): () => void {
  const registers = [registry];
  const partitionGauge = (
    name: string,
    help: string,
    read: (log: { logStartOffset: number; logEndOffset: number }) => number,
  ) =>
    new Gauge({
      name,
      help,
      labelNames: ['topic', 'partition'] as const,
      registers,
      collect() {
        this.reset();
        for (const topic of services.topics.list()) {
          for (const log of topic.partitions)
            this.set({ topic: topic.name, partition: String(log.partition) }, read(log));
        }
      },
    });
  partitionGauge('kafka_topic_partition_current_offset', 'Log end offset of a partition', (log) => log.logEndOffset);
  partitionGauge('kafka_topic_partition_oldest_offset', 'Log start offset of a partition', (log) => log.logStartOffset);

  // One pass over the groups per scrape, shared by the group gauges below.
  let snapshot: GroupDetails[] | undefined;
  const groups = (): GroupDetails[] =>
    (snapshot ??= services.coordinators.listGroups().groups.flatMap((g) => {
      try {
        return [groupDetails(services, g.groupId)];
      } catch {
        return [];
      }
    }));

  new Gauge({
    name: 'kafka_consumergroup_current_offset',
    help: 'Committed offset of a consumer group on a partition',
    labelNames: ['consumergroup', 'topic', 'partition'] as const,
    registers,
    collect() {
      this.reset();
      for (const g of groups())
        for (const p of g.partitions) {
          if (p.committedOffset !== null)
            this.set({ consumergroup: g.groupId, topic: p.topic, partition: String(p.partition) }, p.committedOffset);
        }
    },
  });
  new Gauge({
    name: 'kafka_consumergroup_lag',
    help: 'Log end offset minus committed offset of a consumer group on a partition',
    labelNames: ['consumergroup', 'topic', 'partition'] as const,
    registers,
    collect() {
      this.reset();
      for (const g of groups())
        for (const p of g.partitions) {
          if (p.lag !== null)
            this.set({ consumergroup: g.groupId, topic: p.topic, partition: String(p.partition) }, p.lag);
        }
    },
  });
  new Gauge({
    name: 'kafka_consumergroup_lag_sum',
    help: 'Lag of a consumer group summed over the partitions of a topic',
    labelNames: ['consumergroup', 'topic'] as const,
    registers,
    collect() {
      this.reset();
      for (const g of groups()) {
        const sums = new Map<string, number>();
        for (const p of g.partitions) if (p.lag !== null) sums.set(p.topic, (sums.get(p.topic) ?? 0) + p.lag);
        for (const [topic, lag] of sums) this.set({ consumergroup: g.groupId, topic }, lag);
      }
    },
  });
  new Gauge({
    name: 'kafka_consumergroup_members',
    help: 'Members of a consumer group',
    labelNames: ['consumergroup'] as const,
    registers,
    collect() {
      this.reset();
      for (const g of groups()) this.set({ consumergroup: g.groupId }, g.members.length);
    },
  });
  new Gauge({
    name: 'minibroker_groups',
    help: 'Consumer groups by state',
    labelNames: ['state'] as const,
    registers,
    collect() {
      const counts = new Map<string, number>(GROUP_STATES.filter((s) => s !== 'Dead').map((s) => [s, 0]));
      for (const g of services.coordinators.listGroups().groups) counts.set(g.state, (counts.get(g.state) ?? 0) + 1);
      for (const [state, n] of counts) this.set({ state }, n);
    },
  });
  new Gauge({
    name: 'minibroker_connections',
    help: 'Open client connections',
    registers,
    collect() {
      this.set(connections());
    },
  });
  return () => {
    snapshot = undefined;
  };
}
