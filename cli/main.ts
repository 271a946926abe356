#!/usr/bin/env node
// The `minibroker` executable. `start` belongs to the server (server/cli.ts, which parses the
// arguments itself and is only loaded for it); every other command is a client of a running
// broker through the SDK. Loading each side lazily keeps the server out of the client commands
// (and SQLite out of their start-up), and the SDK out of the broker process.
import { Command } from 'commander';
import { registerAclsCommand } from './commands/acls.js';
import { registerConsumeCommand } from './commands/consume.js';
import { registerGroupsCommand } from './commands/groups.js';
import { registerProduceCommand } from './commands/produce.js';
import { registerSchemasCommand } from './commands/schemas.js';
import { registerTopicsCommand } from './commands/topics.js';
import { registerTransactionsCommand } from './commands/transactions.js';

const program = new Command('minibroker')
  .description('A small Kafka-like message broker: run one, and inspect or steer it from the command line')
  .showHelpAfterError('(add --help for usage)')
  .configureOutput({ outputError: (text, write) => write(`minibroker: ${text.replace(/^error: /, '')}`) });

program
  .command('start')
  .description('start a broker (see `minibroker start --help`)')
  .helpOption(false)
  .allowUnknownOption()
  .allowExcessArguments()
  .action(async () => {
    await import('../server/cli.js');
  });

registerTopicsCommand(program);
registerGroupsCommand(program);
registerProduceCommand(program);
registerConsumeCommand(program);
registerTransactionsCommand(program);
registerSchemasCommand(program);
registerAclsCommand(program);

const isStart = process.argv[2] === 'start';
await program.parseAsync(process.argv);
// A client command is done: leave without waiting for idle sockets or timers, once stdout has
// taken everything printed.
if (!isStart) process.stdout.write('', () => process.exit());
