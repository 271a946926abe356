// `minibroker produce`: the console producer. One record per stdin line (`key<sep>value` with
// --key-separator); lines are sent in order, in batches of whatever has arrived, so both a pipe
// and a person typing work. A summary goes to stderr (stdout with --json).
import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError } from 'commander';
import type { Message, Producer } from '../../client-sdk/index.js';
import { action, createClient, withCommonOptions, type CommonOptions } from '../context.js';
import { CliError } from '../errors.js';
import { nonNegativeInteger } from '../parse/numbers.js';
import { printJson } from '../output/print.js';

interface ProduceOptions extends CommonOptions {
  topic: string;
  keySeparator?: string;
  acks: number;
  partition?: number;
}

const MAX_BATCH = 1000;

export function registerProduceCommand(program: Command): void {
  withCommonOptions(program.command('produce').description('send stdin lines to a topic, one record per line'))
    .requiredOption('--topic <topic>', 'the topic to write to')
    .option('--key-separator <sep>', 'split each line into key<sep>value at the first <sep>')
    .option('--acks <acks>', 'acknowledgements to wait for: all (-1), 1 or 0', parseAcks, -1)
    .option(
      '--partition <n>',
      'write every record to this partition (default: by key, else spread)',
      nonNegativeInteger,
    )
    .addHelpText(
      'after',
      '\nExample:\n  printf "k1:hello\\nk2:world\\n" | minibroker produce --topic orders --key-separator :',
    )
    .action(
      action<ProduceOptions>(async (options) => {
        const started = Date.now();
        const producer = createClient(options).producer({ lingerMs: 5, acks: options.acks });
        await producer.connect();
        try {
          const { records, partitions } = await sendLines(producer, options);
          const ms = Date.now() - started;
          if (options.json) printJson({ topic: options.topic, records, partitions, ms });
          else
            process.stderr.write(
              `produced ${records} record${records === 1 ? '' : 's'} to ${options.topic} (partitions ${partitions.join(',') || '-'}) in ${ms} ms\n`,
            );
        } finally {
          await producer.disconnect().catch(() => undefined);
        }
      }),
    );
}

/** Reads stdin to its end, sending as it goes; returns how many records went to which partitions. */
async function sendLines(
  producer: Producer,
  options: ProduceOptions,
): Promise<{ records: number; partitions: number[] }> {
  const partitions = new Set<number>();
  let records = 0;
  let pending: Message[] = [];
  let sending = Promise.resolve();
  // Sends are chained so records keep their stdin order; a failure surfaces at the final flush.
  const flush = () => {
    const messages = pending;
    pending = [];
    if (messages.length > 0) {
      sending = sending.then(async () => {
        for (const m of await producer.send({ topic: options.topic, messages, acks: options.acks }))
          partitions.add(m.partition);
        records += messages.length;
      });
    }
    return sending;
  };
  let timer: NodeJS.Timeout | undefined;
  let lineNumber = 0;
  try {
    for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
      pending.push(toMessage(line, ++lineNumber, options));
      if (pending.length >= MAX_BATCH) await flush();
      else timer ??= setTimeout(() => ((timer = undefined), void flush().catch(() => undefined)), 10);
    }
  } finally {
    clearTimeout(timer);
    await flush();
  }
  return { records, partitions: [...partitions].sort((a, b) => a - b) };
}

function toMessage(line: string, lineNumber: number, { keySeparator, partition }: ProduceOptions): Message {
  const message: Message = { value: line };
  if (partition !== undefined) message.partition = partition;
  if (keySeparator === undefined) return message;
  const at = line.indexOf(keySeparator);
  if (at < 0)
    throw new CliError(`line ${lineNumber} has no key separator "${keySeparator}"; records before it were sent`);
  return { ...message, key: line.slice(0, at), value: line.slice(at + keySeparator.length) };
}

function parseAcks(raw: string): number {
  const value = raw === 'all' ? -1 : Number(raw);
  if (![-1, 0, 1].includes(value)) throw new InvalidArgumentError('expected all, -1, 1 or 0');
  return value;
}
