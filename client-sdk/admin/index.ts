// The admin client: topics, partitions, offsets and consumer groups (admin/groups.ts). Each call
// validates its input, sends one request per broker involved, and turns per-item error codes
// into errors.
import { ErrorCode } from '../../protocol/errors.js';
import {
  EARLIEST_TIMESTAMP,
  LATEST_TIMESTAMP,
  READ_COMMITTED,
  type ListOffsetsPartitionResponse,
} from '../../protocol/messages.js';
import {
  MinibrokerAggregateError,
  MinibrokerInvalidArgumentError,
  MinibrokerNotConnectedError,
  MinibrokerProtocolError,
} from '../errors.js';
import { InstrumentationEmitter, type EventListener, type RemoveListener } from '../instrumentation/emitter.js';
import type { Cluster } from '../network/cluster.js';
import { validateTopicName } from '../producer/validate.js';
import type { PartitionMetadata } from '../types.js';
import * as configs from './configs.js';
import { deleteTopicRecords, type DeleteTopicRecordsArgs } from './delete-records.js';
import * as acls from './acls.js';
import * as groups from './groups.js';
import { listOffsets } from './list-offsets.js';
import * as transactions from './transactions.js';

export type { GroupDescription, GroupMemberDescription, GroupOffsets } from './groups.js';
export type { TransactionDescription, TransactionListing } from './transactions.js';
export type { AlterConfigsResult, ConfigEntryDescription, DescribeConfigsResult } from './configs.js';
export { AlterConfigOperations, ConfigResourceTypes, ConfigSource } from './configs.js';
export type { AclEntry, AclFilter, DescribeAclResource } from './acls.js';

export interface ITopicConfig {
  topic: string;
  numPartitions?: number;
  /** Accepted for KafkaJS compatibility; minibroker has one replica. */
  replicationFactor?: number;
  configEntries?: { name: string; value: string }[];
}

export interface ITopicMetadata {
  name: string;
  partitions: PartitionMetadata[];
}

export const AdminEvents = { CONNECT: 'admin.connect', DISCONNECT: 'admin.disconnect' } as const;

export type AdminEventName = (typeof AdminEvents)[keyof typeof AdminEvents];

const DEFAULT_TIMEOUT = 5000;

export class Admin {
  readonly events = AdminEvents;
  private readonly emitter = new InstrumentationEmitter<Record<AdminEventName, Record<string, never>>>(
    Object.values(AdminEvents),
  );
  private connected = false;

  constructor(private readonly cluster: Cluster) {}

  async connect(): Promise<void> {
    await this.cluster.connect();
    this.connected = true;
    this.emitter.emit(AdminEvents.CONNECT, {});
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    await this.cluster.disconnect();
    this.emitter.emit(AdminEvents.DISCONNECT, {});
  }

  /** Connect and disconnect events carry an empty payload. */
  on(event: AdminEventName, listener: EventListener<Record<string, never>>): RemoveListener;
  /** Kept for code that names the payload type itself: `on<MyPayload>(event, listener)`. */
  on<T>(event: AdminEventName, listener: EventListener<T>): RemoveListener;
  on(event: AdminEventName, listener: EventListener<never>): RemoveListener {
    return this.emitter.on(event, listener as EventListener<Record<string, never>>);
  }

  /** Resolves true when every topic was created, false when some already existed (as KafkaJS). */
  async createTopics({
    topics,
    validateOnly = false,
    waitForLeaders = true,
    timeout = DEFAULT_TIMEOUT,
  }: {
    topics: ITopicConfig[];
    validateOnly?: boolean;
    waitForLeaders?: boolean;
    timeout?: number;
  }): Promise<boolean> {
    this.assertConnected();
    if (!Array.isArray(topics) || topics.length === 0)
      throw new MinibrokerInvalidArgumentError('createTopics needs a non-empty topics array');
    for (const t of topics) {
      validateTopicName(t?.topic);
      if (t.numPartitions !== undefined && !(Number.isInteger(t.numPartitions) && t.numPartitions > 0)) {
        throw new MinibrokerInvalidArgumentError(
          `numPartitions for "${t.topic}" must be a positive integer`,
          ErrorCode.INVALID_PARTITIONS,
          'INVALID_PARTITIONS',
        );
      }
    }
    const names = topics.map((t) => t.topic);
    if (new Set(names).size !== names.length)
      throw new MinibrokerInvalidArgumentError('createTopics got the same topic twice');
    const response = await this.cluster.retrier(async () =>
      (await this.cluster.anyConnection()).request('CreateTopics', {
        topics: topics.map((t) => ({
          name: t.topic,
          numPartitions: t.numPartitions ?? 0,
          configs: Object.fromEntries((t.configEntries ?? []).map((c) => [c.name, c.value])),
        })),
        timeoutMs: timeout,
        validateOnly,
      }),
    );
    const failures = response.topics.filter((t) => t.errorCode !== 0 && t.errorCode !== ErrorCode.TOPIC_ALREADY_EXISTS);
    throwAll('createTopics failed', failures);
    if (waitForLeaders && !validateOnly) await this.waitForLeaders(names);
    return !response.topics.some((t) => t.errorCode === ErrorCode.TOPIC_ALREADY_EXISTS);
  }

  async deleteTopics({ topics, timeout = DEFAULT_TIMEOUT }: { topics: string[]; timeout?: number }): Promise<void> {
    this.assertConnected();
    if (!Array.isArray(topics) || topics.length === 0)
      throw new MinibrokerInvalidArgumentError('deleteTopics needs a non-empty topics array');
    topics.forEach((topic) => validateTopicName(topic));
    const response = await this.cluster.retrier(async () =>
      (await this.cluster.anyConnection()).request('DeleteTopics', { topics, timeoutMs: timeout }),
    );
    this.cluster.forgetTopics(topics);
    throwAll(
      'deleteTopics failed',
      response.topics.filter((t) => t.errorCode !== 0),
    );
  }

  /** `count` is the new total number of partitions, as in Kafka. */
  async createPartitions({
    topicPartitions,
    validateOnly = false,
    timeout = DEFAULT_TIMEOUT,
  }: {
    topicPartitions: { topic: string; count: number }[];
    validateOnly?: boolean;
    timeout?: number;
  }): Promise<void> {
    this.assertConnected();
    if (!Array.isArray(topicPartitions) || topicPartitions.length === 0)
      throw new MinibrokerInvalidArgumentError('createPartitions needs a non-empty topicPartitions array');
    for (const { topic, count } of topicPartitions) {
      validateTopicName(topic);
      if (!Number.isInteger(count) || count <= 0)
        throw new MinibrokerInvalidArgumentError(
          `count for "${topic}" must be a positive integer`,
          ErrorCode.INVALID_PARTITIONS,
          'INVALID_PARTITIONS',
        );
    }
    const response = await this.cluster.retrier(async () =>
      (await this.cluster.anyConnection()).request('CreatePartitions', {
        topics: topicPartitions.map(({ topic, count }) => ({ name: topic, count })),
        timeoutMs: timeout,
        validateOnly,
      }),
    );
    throwAll(
      'createPartitions failed',
      response.topics.filter((t) => t.errorCode !== 0),
    );
    if (!validateOnly) await this.cluster.refreshMetadata().catch(() => undefined);
  }

  /** KafkaJS's deleteTopicRecords: records below each offset ('-1': all) are deleted for every reader. */
  async deleteTopicRecords(args: DeleteTopicRecordsArgs): Promise<void> {
    this.assertConnected();
    await deleteTopicRecords(this.cluster, args);
  }

  /** KafkaJS's describeConfigs: topic configs with their effective values; broker settings read-only. */
  async describeConfigs(args: Parameters<typeof configs.describeConfigs>[1]): Promise<configs.DescribeConfigsResult> {
    this.assertConnected();
    return configs.describeConfigs(this.cluster, args);
  }

  /** KafkaJS's alterConfigs: replaces each resource's whole set of configs (those not listed return to defaults). */
  async alterConfigs(args: Parameters<typeof configs.alterConfigs>[2]): Promise<configs.AlterConfigsResult> {
    this.assertConnected();
    return configs.alterConfigs(this.cluster, 'AlterConfigs', args);
  }

  /** Changes only the configs listed, each with an AlterConfigOperations operation (SET by default). */
  async incrementalAlterConfigs(args: Parameters<typeof configs.alterConfigs>[2]): Promise<configs.AlterConfigsResult> {
    this.assertConnected();
    return configs.alterConfigs(this.cluster, 'IncrementalAlterConfigs', args);
  }

  async listTopics(): Promise<string[]> {
    this.assertConnected();
    const metadata = await this.cluster.fetchMetadata(undefined);
    return metadata.topics.filter((t) => t.errorCode === 0).map((t) => t.name);
  }

  /** Every topic when `topics` is absent; an unknown topic is an error, as in KafkaJS. */
  async fetchTopicMetadata({ topics }: { topics?: string[] } = {}): Promise<{ topics: ITopicMetadata[] }> {
    this.assertConnected();
    topics?.forEach((topic) => validateTopicName(topic));
    const metadata = await this.cluster.fetchMetadata(topics && topics.length > 0 ? topics : undefined);
    throwAll(
      'fetchTopicMetadata failed',
      metadata.topics
        .filter((t) => t.errorCode !== 0)
        .map((t) => ({ name: t.name, errorCode: t.errorCode, errorMessage: '' })),
    );
    return {
      topics: metadata.topics.map((t) => ({
        name: t.name,
        partitions: [...t.partitions]
          .sort((a, b) => a.partition - b.partition)
          .map((p) => ({
            partitionErrorCode: p.errorCode,
            partitionId: p.partition,
            leader: p.leader,
            replicas: p.replicas,
            isr: p.isr,
          })),
      })),
    };
  }

  /** Per partition: `offset` and `high` are the log end offset, `low` the log start offset. */
  /**
   * KafkaJS's shape (`high` is the log end offset), plus `lastStable`: the last stable offset,
   * where read_committed consumers stop (the first offset of an open transaction, else `high`).
   */
  async fetchTopicOffsets(
    topic: string,
  ): Promise<{ partition: number; offset: string; high: string; low: string; lastStable: string }[]> {
    this.assertConnected();
    const partitions = await this.partitionsOf(topic);
    const [high, low, stable] = await Promise.all([
      listOffsets(this.cluster, topic, partitions, LATEST_TIMESTAMP),
      listOffsets(this.cluster, topic, partitions, EARLIEST_TIMESTAMP),
      listOffsets(this.cluster, topic, partitions, LATEST_TIMESTAMP, READ_COMMITTED),
    ]);
    return partitions.map((partition) => {
      const h = String(checked(topic, high.get(partition)).offset);
      return {
        partition,
        offset: h,
        high: h,
        low: String(checked(topic, low.get(partition)).offset),
        lastStable: String(checked(topic, stable.get(partition)).offset),
      };
    });
  }

  /** The first offset at or after `timestamp` per partition (the log end when none); latest when absent. */
  async fetchTopicOffsetsByTimestamp(
    topic: string,
    timestamp?: number,
  ): Promise<{ partition: number; offset: string }[]> {
    this.assertConnected();
    const partitions = await this.partitionsOf(topic);
    const answers = await listOffsets(this.cluster, topic, partitions, timestamp ?? LATEST_TIMESTAMP);
    return partitions.map((partition) => ({
      partition,
      offset: String(checked(topic, answers.get(partition)).offset),
    }));
  }

  /** Members come with their subscription and assignment bytes (consumer protocol). */
  /** Adds ACLs (KafkaJS's shape); needs CLUSTER ALTER. */
  async createAcls(options: { acl: acls.AclEntry[] }): Promise<boolean> {
    this.assertConnected();
    return acls.createAcls(this.cluster, options);
  }

  /** The ACLs the filter selects, grouped by resource; needs CLUSTER DESCRIBE. */
  async describeAcls(filter: acls.AclFilter): ReturnType<typeof acls.describeAcls> {
    this.assertConnected();
    return acls.describeAcls(this.cluster, filter);
  }

  /** Removes what each filter selects and says what it removed; needs CLUSTER ALTER. */
  async deleteAcls(options: { filters: acls.AclFilter[] }): ReturnType<typeof acls.deleteAcls> {
    this.assertConnected();
    return acls.deleteAcls(this.cluster, options);
  }

  async describeGroups(groupIds: string[]): Promise<{ groups: groups.GroupDescription[] }> {
    this.assertConnected();
    return groups.describeGroups(this.cluster, groupIds);
  }

  async listGroups(): Promise<{ groups: { groupId: string; protocolType: string }[] }> {
    this.assertConnected();
    return groups.listGroups(this.cluster);
  }

  /** The transactional ids the broker coordinates, optionally only those in the given states (e.g. ['Ongoing']). */
  async listTransactions(options: { states?: string[] } = {}): Promise<transactions.TransactionListing[]> {
    this.assertConnected();
    return transactions.listTransactions(this.cluster, options.states ?? []);
  }

  /** Per transactional id: state, producer id and epoch, timeout, start time, partitions and groups. */
  async describeTransactions(transactionalIds: string[]): Promise<transactions.TransactionDescription[]> {
    this.assertConnected();
    return transactions.describeTransactions(this.cluster, transactionalIds);
  }

  /** Only groups without members can be deleted (NON_EMPTY_GROUP otherwise); their offsets go with them. */
  async deleteGroups(groupIds: string[]): Promise<{ groupId: string; errorCode: number }[]> {
    this.assertConnected();
    return groups.deleteGroups(this.cluster, groupIds);
  }

  /** KafkaJS's shape: `[{ topic, partitions: [{ partition, offset, metadata }] }]`, offset '-1' where nothing is committed. */
  async fetchOffsets(options: { groupId: string; topics?: string[] }): Promise<groups.GroupOffsets[]> {
    this.assertConnected();
    return groups.fetchOffsets(this.cluster, options ?? {});
  }

  /** Refused (NON_EMPTY_GROUP) while the group has members. */
  async resetOffsets(options: { groupId: string; topic: string; earliest?: boolean }): Promise<void> {
    this.assertConnected();
    return groups.resetOffsets(this.cluster, options ?? {});
  }

  /** Offsets are the next record to read; refused (NON_EMPTY_GROUP) while the group has members. */
  async setOffsets(options: {
    groupId: string;
    topic: string;
    partitions: { partition: number; offset: string | number }[];
  }): Promise<void> {
    this.assertConnected();
    return groups.setOffsets(this.cluster, options ?? {});
  }

  private async partitionsOf(topic: string): Promise<number[]> {
    validateTopicName(topic);
    await this.cluster.ensureTopics([topic], false);
    return this.cluster.topicMetadata(topic)!.partitions.map((p) => p.partition);
  }

  private async waitForLeaders(topics: string[]): Promise<void> {
    await this.cluster.ensureTopics(topics, false);
  }

  private assertConnected(): void {
    if (!this.connected) throw new MinibrokerNotConnectedError('admin client');
  }
}

function checked(topic: string, answer: ListOffsetsPartitionResponse | undefined): ListOffsetsPartitionResponse {
  if (!answer) throw new MinibrokerProtocolError(ErrorCode.UNKNOWN_SERVER_ERROR, `no offsets returned for "${topic}"`);
  if (answer.errorCode !== 0)
    throw new MinibrokerProtocolError(
      answer.errorCode,
      `${topic}/${answer.partition}: ${new MinibrokerProtocolError(answer.errorCode).message}`,
    );
  return answer;
}

function throwAll(what: string, failures: { name: string; errorCode: number; errorMessage: string }[]): void {
  if (failures.length === 0) return;
  const errors = failures.map(
    (f) =>
      new MinibrokerProtocolError(
        f.errorCode,
        `topic "${f.name}": ${f.errorMessage || new MinibrokerProtocolError(f.errorCode).message}`,
      ),
  );
  if (errors.length === 1) throw errors[0]!;
  throw new MinibrokerAggregateError(what, errors);
}
