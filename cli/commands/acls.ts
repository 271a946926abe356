// `minibroker acls add|list|remove`, as kafka-acls: who may do what on which resources.
import type { Command } from 'commander';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  ResourcePatternTypes,
  type AclEntry,
  type AclFilter,
} from '../../client-sdk/index.js';
import { nameOf } from '../../protocol/acl.js';
import { action, withAdmin, withCommonOptions, type CommonOptions } from '../context.js';
import { CliError } from '../errors.js';
import { collect } from '../parse/numbers.js';
import { printJson, printLine, printTable } from '../output/print.js';

interface AclOptions extends CommonOptions {
  principal?: string;
  operation: string[];
  topic?: string;
  group?: string;
  cluster?: boolean;
  transactionalId?: string;
  prefixed?: boolean;
  deny?: boolean;
  host?: string;
}

/** Adds the resource and principal flags every subcommand shares. */
function withAclOptions(command: Command): Command {
  return withCommonOptions(command)
    .option('--principal <principal>', 'User:<name> (a bare name means User:<name>; User:* is everyone)')
    .option('--operation <op>', 'read, write, create, delete, alter, describe or all (repeatable)', collect, [])
    .option('--topic <name>', 'a topic (or topic prefix with --prefixed; * is every topic)')
    .option('--group <name>', 'a consumer group (or prefix with --prefixed)')
    .option('--cluster', 'the cluster itself (ACL management, group listing, topic creation)')
    .option('--transactional-id <id>', 'a transactional id (or prefix with --prefixed)')
    .option('--prefixed', 'the name is a prefix (PREFIXED pattern) rather than a name (LITERAL)')
    .option('--host <host>', 'client address the ACL applies to');
}

function principalOf(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  return raw.startsWith('User:') ? raw : `User:${raw}`;
}

function resourceOf(o: AclOptions): { type: number; name: string } | undefined {
  const chosen = [
    o.topic !== undefined && { type: AclResourceTypes.TOPIC, name: o.topic },
    o.group !== undefined && { type: AclResourceTypes.GROUP, name: o.group },
    o.cluster === true && { type: AclResourceTypes.CLUSTER, name: 'kafka-cluster' },
    o.transactionalId !== undefined && { type: AclResourceTypes.TRANSACTIONAL_ID, name: o.transactionalId },
  ].filter((r) => r !== false);
  if (chosen.length > 1) throw new CliError('name one resource: --topic, --group, --cluster or --transactional-id');
  return chosen[0];
}

function operationsOf(o: AclOptions): number[] {
  return o.operation.map((raw) => {
    const value = (AclOperationTypes as Record<string, number>)[raw.toUpperCase().replace(/-/g, '_')];
    if (value === undefined || value < AclOperationTypes.ALL)
      throw new CliError(`unknown operation "${raw}": read, write, create, delete, alter, describe or all`);
    return value;
  });
}

function filterOf(o: AclOptions): AclFilter {
  const resource = resourceOf(o);
  const operations = operationsOf(o);
  if (operations.length > 1) throw new CliError('list and remove take at most one --operation');
  return {
    resourceType: resource?.type ?? AclResourceTypes.ANY,
    resourceName: resource?.name ?? null,
    resourcePatternType: resource
      ? o.prefixed
        ? ResourcePatternTypes.PREFIXED
        : ResourcePatternTypes.LITERAL
      : ResourcePatternTypes.ANY,
    principal: principalOf(o.principal) ?? null,
    host: o.host ?? null,
    operation: operations[0] ?? AclOperationTypes.ANY,
    permissionType: o.deny ? AclPermissionTypes.DENY : AclPermissionTypes.ANY,
  };
}

const row = (a: AclEntry) => [
  String(nameOf(AclResourceTypes, a.resourceType)),
  a.resourceName,
  String(nameOf(ResourcePatternTypes, a.resourcePatternType)),
  a.principal,
  a.host,
  String(nameOf(AclOperationTypes, a.operation)),
  String(nameOf(AclPermissionTypes, a.permissionType)),
];
const HEADERS = ['RESOURCE', 'NAME', 'PATTERN', 'PRINCIPAL', 'HOST', 'OPERATION', 'PERMISSION'];

function print(options: AclOptions, entries: AclEntry[]): void {
  if (options.json)
    return printJson(entries.map((a) => Object.fromEntries(HEADERS.map((h, i) => [h.toLowerCase(), row(a)[i]]))));
  if (entries.length === 0) return printLine('No ACLs.');
  printTable(HEADERS, entries.map(row));
}

export function registerAclsCommand(program: Command): void {
  const acls = program.command('acls').description('add, list and remove ACLs (a broker with users)');

  withAclOptions(acls.command('add').description('allow (or with --deny, deny) operations on a resource'))
    .option('--deny', 'deny rather than allow; a DENY wins over every ALLOW')
    .action(
      action<AclOptions>(async (o) => {
        const resource = resourceOf(o);
        const principal = principalOf(o.principal);
        const operations = operationsOf(o);
        if (!resource || !principal || operations.length === 0)
          throw new CliError('acls add needs --principal, at least one --operation and a resource');
        const entries: AclEntry[] = operations.map((operation) => ({
          resourceType: resource.type,
          resourceName: resource.name,
          resourcePatternType: o.prefixed ? ResourcePatternTypes.PREFIXED : ResourcePatternTypes.LITERAL,
          principal,
          host: o.host ?? '*',
          operation,
          permissionType: o.deny ? AclPermissionTypes.DENY : AclPermissionTypes.ALLOW,
        }));
        await withAdmin(o, (admin) => admin.createAcls({ acl: entries }));
        if (o.json) return print(o, entries);
        printLine(`Added ${entries.length} ACL${entries.length === 1 ? '' : 's'}.`);
      }),
    );

  withAclOptions(acls.command('list').description('list the ACLs the flags select (all without flags)'))
    .option('--deny', 'only DENY ACLs')
    .action(
      action<AclOptions>(async (o) => {
        const filter = filterOf(o);
        const { resources } = await withAdmin(o, (admin) => admin.describeAcls(filter));
        print(
          o,
          resources.flatMap((r) =>
            r.acls.map((a) => ({
              resourceType: r.resourceType,
              resourceName: r.resourceName,
              resourcePatternType: r.resourcePatternType,
              ...a,
            })),
          ),
        );
      }),
    );

  withAclOptions(acls.command('remove').description('remove the ACLs the flags select'))
    .option('--deny', 'only DENY ACLs')
    .action(
      action<AclOptions>(async (o) => {
        const filter = filterOf(o);
        if (filter.resourceName === null && filter.principal === null)
          throw new CliError('acls remove needs a resource or --principal (it would remove every ACL)');
        const { filterResponses } = await withAdmin(o, (admin) => admin.deleteAcls({ filters: [filter] }));
        const removed = filterResponses.flatMap((r) => r.matchingAcls);
        if (o.json) return print(o, removed);
        printLine(`Removed ${removed.length} ACL${removed.length === 1 ? '' : 's'}.`);
      }),
    );
}
