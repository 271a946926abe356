// `minibroker groups list|describe|delete|reset-offsets`, as kafka-consumer-groups.
import { Command } from 'commander';
import { ErrorCode, MinibrokerError } from '../../client-sdk/index.js';
import { action, brokersOf, withAdmin, withCommonOptions, type CommonOptions } from '../context.js';
import { CliError } from '../errors.js';
import { printMembersView, printOffsetsView, printStateView } from '../groups/describe-views.js';
import { findCoordinator } from '../groups/find-coordinator.js';
import { loadGroupSnapshot } from '../groups/group-snapshot.js';
import { applyReset, assertGroupInactive, committedTopics, planReset } from '../groups/reset-plan.js';
import { parseResetSpec, type ResetOptions } from '../groups/reset-spec.js';
import { anyInteger, collect, nonNegativeInteger } from '../parse/numbers.js';
import { parseTopicSelection } from '../parse/topic-partitions.js';
import { printJson, printLine, printTable } from '../output/print.js';

interface DescribeOptions extends CommonOptions {
  group: string;
  members?: boolean;
  state?: boolean;
  verbose?: boolean;
}

interface ResetCommandOptions extends CommonOptions, ResetOptions {
  group: string;
  topic: string[];
  allTopics?: boolean;
  dryRun?: boolean;
  execute?: boolean;
}

export function registerGroupsCommand(program: Command): void {
  const groups = program
    .command('groups')
    .description('list, describe and delete consumer groups; reset their offsets');

  withCommonOptions(groups.command('list').description('list the consumer groups with their state')).action(
    action<CommonOptions>(async (options) => {
      const rows = await withAdmin(options, async (admin) => {
        const listed = (await admin.listGroups()).groups.sort((a, b) => a.groupId.localeCompare(b.groupId));
        if (listed.length === 0) return [];
        const described = (await admin.describeGroups(listed.map((g) => g.groupId))).groups;
        return listed.map((g, i) => ({
          groupId: g.groupId,
          protocolType: g.protocolType,
          state: described[i]!.state,
          members: described[i]!.members.length,
        }));
      });
      if (options.json) return printJson(rows);
      printTable(
        ['GROUP', 'STATE', 'MEMBERS'],
        rows.map((g) => [g.groupId, g.state, g.members]),
      );
    }),
  );

  withCommonOptions(
    groups
      .command('describe')
      .description("show a group's partitions with offsets, lag and owners (or --members, --state)"),
  )
    .requiredOption('--group <group>', 'the consumer group')
    .option('--members', 'one row per member: id, host, client id, number of partitions')
    .option('--verbose', 'with --members: the partitions each member owns too')
    .option('--state', "the group's coordinator, assignment strategy, state and member count")
    .addHelpText(
      'after',
      '\nColumns as kafka-consumer-groups prints them; "-" where a value is unknown (e.g. CURRENT-OFFSET before the group commits).',
    )
    .action(
      action<DescribeOptions>(async (options) => {
        if (options.members && options.state) throw new CliError('give at most one of --members and --state');
        const snapshot = await withAdmin(options, (admin) => loadGroupSnapshot(admin, options.group));
        if (options.state)
          return printStateView(
            snapshot,
            await findCoordinator(brokersOf(options), options.group, options),
            !!options.json,
          );
        if (options.members) return printMembersView(snapshot, !!options.json, !!options.verbose);
        printOffsetsView(snapshot, !!options.json);
      }),
    );

  withCommonOptions(groups.command('delete').description('delete a group without members, with its committed offsets'))
    .requiredOption('--group <group>', 'the consumer group')
    .action(
      action<CommonOptions & { group: string }>(async (options) => {
        await withAdmin(options, async (admin) => {
          try {
            await admin.deleteGroups([options.group]);
          } catch (error) {
            if (!(error instanceof MinibrokerError)) throw error;
            if (error.code === ErrorCode.NON_EMPTY_GROUP)
              throw new CliError(
                `cannot delete group "${options.group}": it has active members; stop its consumers first`,
              );
            if (error.code === ErrorCode.GROUP_ID_NOT_FOUND)
              throw new CliError(`consumer group "${options.group}" does not exist`);
            throw error;
          }
        });
        if (options.json) return printJson({ groupId: options.group, deleted: true });
        printLine(`Deleted consumer group '${options.group}'.`);
      }),
    );

  withCommonOptions(
    groups
      .command('reset-offsets')
      .description("move a group's committed offsets (dry run unless --execute); the group must have no members"),
  )
    .requiredOption('--group <group>', 'the consumer group')
    .option(
      '--topic <topic[:partitions]>',
      'a topic, optionally with partitions: orders or orders:0,2 (repeatable)',
      collect,
      [],
    )
    .option('--all-topics', 'every topic the group has committed offsets for')
    .option('--to-earliest', 'to the log start offset')
    .option('--to-latest', 'to the log end offset')
    .option('--to-offset <offset>', 'to this offset (clamped to the log)', nonNegativeInteger)
    .option('--shift-by <n>', 'by n from the committed offset (negative moves back)', anyInteger)
    .option(
      '--to-datetime <datetime>',
      'to the first record at or after YYYY-MM-DDTHH:mm:SS.sss[Z|±HH:MM] (local time without a zone)',
    )
    .option(
      '--by-duration <duration>',
      'to the first record at or after now minus an ISO-8601 duration, e.g. PT15M or P1DT2H',
    )
    .option('--dry-run', 'only print the new offsets (the default)')
    .option('--execute', 'commit the new offsets')
    .action(
      action<ResetCommandOptions>(async (options) => {
        if (options.dryRun && options.execute) throw new CliError('give at most one of --dry-run and --execute');
        if (options.topic.length === 0 && !options.allTopics)
          throw new CliError('give --topic (repeatable) or --all-topics');
        const spec = parseResetSpec(options);
        const selections = options.topic.map(parseTopicSelection);
        const execute = !!options.execute;
        const plan = await withAdmin(options, async (admin) => {
          await assertGroupInactive(admin, options.group);
          const topics = options.allTopics ? await committedTopics(admin, options.group) : selections;
          if (topics.length === 0)
            throw new CliError(`group "${options.group}" has no committed offsets; name the topics with --topic`);
          const plan = await planReset(admin, options.group, topics, spec);
          if (execute) await applyReset(admin, options.group, plan);
          return plan;
        });
        if (options.json) return printJson({ groupId: options.group, executed: execute, offsets: plan });
        printTable(
          ['GROUP', 'TOPIC', 'PARTITION', 'NEW-OFFSET'],
          plan.map((p) => [options.group, p.topic, p.partition, p.next]),
        );
        if (!execute) process.stderr.write('(dry run: nothing changed; add --execute to commit these offsets)\n');
      }),
    );
}
