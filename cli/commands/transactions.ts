// `minibroker transactions list|describe`, as kafka-transactions: the transactional ids the
// broker coordinates, and one id's open transaction with its partitions, groups and age.
import type { Command } from 'commander';
import { ErrorCode } from '../../client-sdk/index.js';
import { action, withAdmin, withCommonOptions, type CommonOptions } from '../context.js';
import { CliError } from '../errors.js';
import { printJson, printLine, printTable } from '../output/print.js';

interface ListOptions extends CommonOptions {
  state?: string[];
}

interface DescribeOptions extends CommonOptions {
  transactionalId: string;
}

export function registerTransactionsCommand(program: Command): void {
  const transactions = program
    .command('transactions')
    .description('list transactional producers and describe their open transactions');

  withCommonOptions(transactions.command('list').description('list the transactional ids with their state'))
    .option(
      '--state <state...>',
      'only these states (Empty, Ongoing, PrepareCommit, PrepareAbort, CompleteCommit, CompleteAbort)',
    )
    .action(
      action<ListOptions>(async (options) => {
        const rows = await withAdmin(options, (admin) => admin.listTransactions({ states: options.state }));
        if (options.json) return printJson(rows);
        printTable(
          ['TRANSACTIONAL-ID', 'PRODUCER-ID', 'STATE'],
          rows.map((t) => [t.transactionalId, t.producerId, t.state]),
        );
      }),
    );

  withCommonOptions(
    transactions.command('describe').description("show a transactional id's producer, state, age and partitions"),
  )
    .requiredOption('--transactional-id <id>', 'the transactional id')
    .action(
      action<DescribeOptions>(async (options) => {
        const [d] = await withAdmin(options, (admin) => admin.describeTransactions([options.transactionalId]));
        if (!d || d.errorCode === ErrorCode.TRANSACTIONAL_ID_NOT_FOUND)
          throw new CliError(`no transactional id "${options.transactionalId}"`);
        const ageMs = d.startTimeMs < 0 ? -1 : Math.max(0, Date.now() - d.startTimeMs);
        if (options.json) return printJson({ ...d, ageMs });
        printTable(
          ['TRANSACTIONAL-ID', 'PRODUCER-ID', 'EPOCH', 'STATE', 'TIMEOUT-MS', 'AGE-MS', 'GROUPS'],
          [
            [
              d.transactionalId,
              d.producerId,
              d.producerEpoch,
              d.state,
              d.timeoutMs,
              ageMs < 0 ? '-' : ageMs,
              d.groups.join(',') || '-',
            ],
          ],
        );
        if (d.partitions.length === 0) return;
        printLine('');
        printTable(
          ['TOPIC', 'PARTITION'],
          d.partitions.map((p) => [p.topic, p.partition]),
        );
      }),
    );
}
