// `minibroker topics list|create|describe|delete`, as kafka-topics.
import { Command, InvalidArgumentError } from 'commander';
import type { Admin } from '../../client-sdk/index.js';
import { action, withAdmin, withCommonOptions, type CommonOptions } from '../context.js';
import { CliError, unknownTopicAsCliError } from '../errors.js';
import { collect, positiveInteger } from '../parse/numbers.js';
import { printJson, printLine, printTable } from '../output/print.js';

interface CreateOptions extends CommonOptions {
  topic: string;
  partitions?: number;
  config: string[];
  ifNotExists?: boolean;
}

export function registerTopicsCommand(program: Command): void {
  const topics = program.command('topics').description('list, create, describe and delete topics');

  withCommonOptions(topics.command('list').description('list the topics')).action(
    action<CommonOptions>(async (options) => {
      const all = await withAdmin(options, async (admin) => (await admin.fetchTopicMetadata()).topics);
      const sorted = all
        .map((t) => ({ name: t.name, partitions: t.partitions.length }))
        .sort((a, b) => a.name.localeCompare(b.name));
      if (options.json) return printJson(sorted);
      for (const t of sorted) printLine(t.name);
    }),
  );

  withCommonOptions(topics.command('create').description('create a topic'))
    .requiredOption('--topic <topic>', 'the topic to create')
    .option('--partitions <n>', "number of partitions (default: the broker's default)", positiveInteger)
    .option('--config <key=value>', 'a topic setting, e.g. retention.ms=60000 (repeatable)', collect, [])
    .option('--if-not-exists', 'succeed quietly when the topic already exists')
    .action(
      action<CreateOptions>(async (options) => {
        const configEntries = options.config.map(parseConfigEntry);
        const { created, partitions } = await withAdmin(options, async (admin) => {
          const created = await admin.createTopics({
            topics: [{ topic: options.topic, numPartitions: options.partitions, configEntries }],
          });
          const partitions =
            (await admin.fetchTopicMetadata({ topics: [options.topic] })).topics[0]?.partitions.length ?? 0;
          return { created, partitions };
        });
        if (!created && !options.ifNotExists) throw new CliError(`topic "${options.topic}" already exists`);
        if (options.json)
          return printJson({
            topic: options.topic,
            partitions,
            created,
            configs: Object.fromEntries(configEntries.map((c) => [c.name, c.value])),
          });
        printLine(
          created
            ? `Created topic ${options.topic} with ${partitions} partition${partitions === 1 ? '' : 's'}.`
            : `Topic ${options.topic} already exists.`,
        );
      }),
    );

  withCommonOptions(topics.command('describe').description('show partitions with leader and log start/end offsets'))
    .option('--topic <topic>', 'the topic to describe (default: every topic)')
    .action(
      action<CommonOptions & { topic?: string }>(async (options) => {
        const described = await withAdmin(options, (admin) => describeTopics(admin, options.topic));
        if (options.json) return printJson(described);
        printTable(
          ['TOPIC', 'PARTITION', 'LEADER', 'LOG-START-OFFSET', 'LOG-END-OFFSET', 'RECORDS'],
          described.flatMap((t) =>
            t.partitions.map((p) => [
              t.topic,
              p.partition,
              p.leader,
              p.logStartOffset,
              p.logEndOffset,
              p.logEndOffset - p.logStartOffset,
            ]),
          ),
        );
      }),
    );

  withCommonOptions(topics.command('delete').description('delete a topic and its records'))
    .requiredOption('--topic <topic>', 'the topic to delete')
    .action(
      action<CommonOptions & { topic: string }>(async (options) => {
        await withAdmin(options, (admin) =>
          unknownTopicAsCliError(options.topic, () => admin.deleteTopics({ topics: [options.topic] })),
        );
        if (options.json) return printJson({ topic: options.topic, deleted: true });
        printLine(`Deleted topic ${options.topic}.`);
      }),
    );
}

export interface DescribedTopic {
  topic: string;
  partitions: { partition: number; leader: number; logStartOffset: number; logEndOffset: number }[];
}

async function describeTopics(admin: Admin, topic: string | undefined): Promise<DescribedTopic[]> {
  const metadata = await unknownTopicAsCliError(topic ?? '', () =>
    admin.fetchTopicMetadata(topic === undefined ? undefined : { topics: [topic] }),
  );
  const sorted = [...metadata.topics].sort((a, b) => a.name.localeCompare(b.name));
  return Promise.all(
    sorted.map(async (t) => {
      const offsets = new Map((await admin.fetchTopicOffsets(t.name)).map((o) => [o.partition, o]));
      return {
        topic: t.name,
        partitions: t.partitions.map((p) => ({
          partition: p.partitionId,
          leader: p.leader,
          logStartOffset: Number(offsets.get(p.partitionId)?.low ?? -1),
          logEndOffset: Number(offsets.get(p.partitionId)?.high ?? -1),
        })),
      };
    }),
  );
}

function parseConfigEntry(entry: string): { name: string; value: string } {
  const at = entry.indexOf('=');
  if (at <= 0) throw new InvalidArgumentError(`--config takes key=value, got "${entry}"`);
  return { name: entry.slice(0, at).trim(), value: entry.slice(at + 1).trim() };
}
