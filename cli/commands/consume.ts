// `minibroker consume`: the console consumer. Without --group it reads the topic's partitions
// directly (nothing committed); with --group it joins the group and commits what it printed.
// It stops after --max-messages, after --timeout-ms without a record, or on SIGINT/SIGTERM,
// always disconnecting cleanly (a group member leaves its group).
import { Command, InvalidArgumentError } from 'commander';
import type { Consumer, EachBatchPayload } from '../../client-sdk/index.js';
import { action, createClient, withAdmin, withCommonOptions, type CommonOptions } from '../context.js';
import { CliError, unknownTopicAsCliError } from '../errors.js';
import { nonNegativeInteger, positiveInteger } from '../parse/numbers.js';
import { recordJson, recordLine } from '../output/record-format.js';
import { AvroValueDecoder } from '../schemas/avro-value-decoder.js';
import { RegistryClient, withRegistryOption, type RegistryOptions } from '../schemas/registry-client.js';

interface ConsumeOptions extends CommonOptions, RegistryOptions {
  topic: string;
  valueFormat: 'string' | 'avro';
  fromBeginning?: boolean;
  group?: string;
  maxMessages?: number;
  partition?: number;
  offset?: string;
  printKey?: boolean;
  keySeparator: string;
  timeoutMs?: number;
}

export function registerConsumeCommand(program: Command): void {
  withRegistryOption(withCommonOptions(program.command('consume').description('print the records of a topic')))
    .requiredOption('--topic <topic>', 'the topic to read')
    .option(
      '--from-beginning',
      "start at the oldest record (default: only new records, or the group's committed offsets)",
    )
    .option('--group <group>', 'consume as a member of this group, committing offsets')
    .option('--max-messages <n>', 'exit after printing n records', positiveInteger)
    .option('--partition <n>', 'read only this partition (no group)', nonNegativeInteger)
    .option('--offset <offset>', 'with --partition: where to start, an offset or earliest/latest')
    .option('--print-key', 'print key<sep>value')
    .option('--key-separator <sep>', 'separator between key and value with --print-key', '\t')
    .option('--timeout-ms <ms>', 'exit when no record arrives for this long', positiveInteger)
    .option(
      '--value-format <format>',
      'string (UTF-8 text), or avro: decode values through the schema registry (printed as JSON)',
      valueFormat,
      'string',
    )
    .addHelpText(
      'after',
      '\nWith --json each record is one line: {"topic","partition","offset","key","value","headers","timestamp"}.',
    )
    .action(
      action<ConsumeOptions>(async (options) => {
        checkOptions(options);
        const partitions = await withAdmin(options, async (admin) => {
          const [topic] = (
            await unknownTopicAsCliError(options.topic, () => admin.fetchTopicMetadata({ topics: [options.topic] }))
          ).topics;
          return topic!.partitions.map((p) => p.partitionId);
        });
        if (options.partition !== undefined && !partitions.includes(options.partition))
          throw new CliError(
            `topic "${options.topic}" has no partition ${options.partition} (it has ${partitions.length})`,
          );
        // A short long-poll: stopping waits for the fetch in flight, and a console tool should exit at once.
        const consumer = createClient(options).consumer({ groupId: options.group, maxWaitTimeInMs: 100 });
        await consumer.connect();
        const count = await consumeUntilDone(consumer, options, partitions);
        if (!options.json) process.stderr.write(`Processed a total of ${count} message${count === 1 ? '' : 's'}\n`);
      }),
    );
}

function valueFormat(value: string): 'string' | 'avro' {
  if (value !== 'string' && value !== 'avro') throw new InvalidArgumentError('takes string or avro');
  return value;
}

function checkOptions(options: ConsumeOptions): void {
  if (options.offset !== undefined && options.partition === undefined) throw new CliError('--offset needs --partition');
  if (options.partition !== undefined && options.group !== undefined)
    throw new CliError('--partition reads without a group; drop --group');
  if (options.offset !== undefined && !/^(\d+|earliest|latest)$/.test(options.offset))
    throw new CliError(`--offset takes an offset or earliest/latest, got "${options.offset}"`);
}

/** Runs the consumer until a stop condition; resolves with the number of records printed. */
async function consumeUntilDone(consumer: Consumer, options: ConsumeOptions, partitions: number[]): Promise<number> {
  let printed = 0;
  let finish!: () => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<void>((resolve, reject) => ((finish = resolve), (fail = reject)));
  // A crashed consumer stops by itself; end with its error rather than wait forever.
  const unwatch = consumer.on<{ error: Error }>(consumer.events.CRASH, (event) => fail(event.payload.error));
  const decoder =
    options.valueFormat === 'avro' ? new AvroValueDecoder(new RegistryClient(options.schemaRegistry)) : undefined;
  let idle: NodeJS.Timeout | undefined;
  const armIdle = () => {
    if (options.timeoutMs === undefined) return;
    clearTimeout(idle);
    idle = setTimeout(finish, options.timeoutMs);
  };
  const onSignal = () => finish();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const eachBatch = async (payload: EachBatchPayload) => {
    const { batch } = payload;
    for (const message of batch.messages) {
      if (options.maxMessages !== undefined && printed >= options.maxMessages) return finish();
      let value: string | null | undefined;
      try {
        value =
          decoder && message.value !== null
            ? await decoder.decode(message.value, `partition ${batch.partition} offset ${message.offset}`)
            : undefined;
      } catch (error) {
        return fail(error);
      }
      process.stdout.write(recordLine(recordJson(batch.topic, batch.partition, message, value), options) + '\n');
      printed++;
      // Only what was printed counts as consumed (and is committed in group mode).
      payload.resolveOffset(message.offset);
    }
    armIdle();
    if (options.maxMessages !== undefined && printed >= options.maxMessages) finish();
  };

  try {
    if (options.group !== undefined)
      await consumer.subscribe({ topics: [options.topic], fromBeginning: !!options.fromBeginning });
    else {
      const start = options.offset ?? (options.fromBeginning ? 'earliest' : 'latest');
      const chosen = options.partition !== undefined ? [options.partition] : partitions;
      consumer.assign(chosen.map((partition) => ({ topic: options.topic, partition, offset: start })));
    }
    armIdle();
    // Commit often: someone watching `groups describe` expects the lag to move.
    await Promise.race([consumer.run({ eachBatch, eachBatchAutoResolve: false, autoCommitInterval: 1000 }), done]);
    await done;
  } finally {
    clearTimeout(idle);
    unwatch();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await consumer.disconnect().catch(() => undefined);
  }
  return printed;
}
