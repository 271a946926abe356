// `minibroker schemas list|get|register`: the schema registry's subjects and schemas, over its
// REST API (the broker serves one on its admin port; any Confluent-compatible registry works).
import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { action } from '../context.js';
import { CliError } from '../errors.js';
import { collect, positiveInteger } from '../parse/numbers.js';
import { printJson, printLine, printNote } from '../output/print.js';
import { RegistryClient, withRegistryOption, type RegistryOptions } from '../schemas/registry-client.js';

interface SchemasOptions extends RegistryOptions {
  json?: boolean;
}

interface ListOptions extends SchemasOptions {
  prefix?: string;
  deleted?: boolean;
}

interface GetOptions extends SchemasOptions {
  subject?: string;
  version: string;
  id?: number;
}

interface RegisterOptions extends SchemasOptions {
  subject: string;
  schema?: string;
  schemaFile?: string;
  type: string;
  reference: string[];
}

interface SchemaAnswer {
  subject?: string;
  version?: number;
  id?: number;
  schema: string;
  schemaType?: string;
  references?: { name: string; subject: string; version: number }[];
}

const TYPES = ['AVRO', 'JSON', 'PROTOBUF'];

export function registerSchemasCommand(program: Command): void {
  const schemas = program.command('schemas').description('list, show and register schemas in the schema registry');
  const leaf = (command: Command) => withRegistryOption(command).option('--json', 'print machine-readable JSON');

  leaf(schemas.command('list').description('list the subjects'))
    .option('--prefix <prefix>', 'only subjects starting with this')
    .option('--deleted', 'include soft-deleted subjects')
    .action(
      action<ListOptions>(async (options) => {
        const query = new URLSearchParams({
          ...(options.prefix ? { subjectPrefix: options.prefix } : {}),
          ...(options.deleted ? { deleted: 'true' } : {}),
        }).toString();
        const subjects = await new RegistryClient(options.schemaRegistry).get<string[]>(
          `/subjects${query ? `?${query}` : ''}`,
        );
        if (options.json) return printJson(subjects);
        for (const subject of subjects) printLine(subject);
      }),
    );

  leaf(schemas.command('get').description("show a subject's version (default the latest), or a schema by id"))
    .option('--subject <subject>', 'the subject')
    .option('--version <version>', 'a version number or latest', 'latest')
    .option('--id <id>', 'a schema id instead of a subject', positiveInteger)
    .action(
      action<GetOptions>(async (options) => {
        if ((options.subject === undefined) === (options.id === undefined))
          throw new CliError('give either --subject or --id');
        if (options.version !== 'latest' && !/^[1-9][0-9]*$/.test(options.version))
          throw new CliError(`--version takes a version number or latest, got "${options.version}"`);
        const registry = new RegistryClient(options.schemaRegistry);
        const answer =
          options.id !== undefined
            ? { id: options.id, ...(await registry.get<SchemaAnswer>(`/schemas/ids/${options.id}`)) }
            : await registry.get<SchemaAnswer>(
                `/subjects/${encodeURIComponent(options.subject!)}/versions/${options.version}`,
              );
        const schemaType = answer.schemaType ?? 'AVRO';
        if (options.json) return printJson({ ...answer, schemaType });
        const where = answer.subject !== undefined ? `subject ${answer.subject} version ${answer.version}, ` : '';
        printNote(`${where}id ${answer.id}, ${schemaType}`);
        printLine(readable(answer.schema));
      }),
    );

  leaf(schemas.command('register').description('register a schema under a subject (prints its id)'))
    .requiredOption('--subject <subject>', 'the subject, e.g. <topic>-value')
    .option('--schema <text>', 'the schema itself')
    .option('--schema-file <path>', 'a file holding the schema')
    .option('--type <type>', 'AVRO, JSON or PROTOBUF', schemaType, 'AVRO')
    .option('--reference <name=subject:version>', 'a schema this one references (repeatable)', collect, [])
    .action(
      action<RegisterOptions>(async (options) => {
        if ((options.schema === undefined) === (options.schemaFile === undefined))
          throw new CliError('give either --schema or --schema-file');
        const schema = options.schema ?? readSchemaFile(options.schemaFile!);
        const body = {
          schema,
          ...(options.type === 'AVRO' ? {} : { schemaType: options.type }),
          ...(options.reference.length > 0 ? { references: options.reference.map(parseReference) } : {}),
        };
        const { id } = await new RegistryClient(options.schemaRegistry).post<{ id: number }>(
          `/subjects/${encodeURIComponent(options.subject)}/versions`,
          body,
        );
        if (options.json) return printJson({ subject: options.subject, id });
        printLine(`Registered under ${options.subject} with id ${id}.`);
      }),
    );
}

function schemaType(value: string): string {
  const type = value.toUpperCase();
  if (!TYPES.includes(type)) throw new InvalidArgumentError(`takes ${TYPES.join(', ')}`);
  return type;
}

function parseReference(text: string): { name: string; subject: string; version: number } {
  const match = /^(.+)=(.+):([1-9][0-9]*)$/.exec(text);
  if (!match) throw new CliError(`--reference takes name=subject:version, got "${text}"`);
  return { name: match[1]!, subject: match[2]!, version: Number(match[3]) };
}

function readSchemaFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read --schema-file ${path}: ${(error as Error).message}`);
  }
}

/** Avro and JSON schemas pretty-printed; Protobuf as written. */
function readable(schema: string): string {
  try {
    return JSON.stringify(JSON.parse(schema), null, 2);
  } catch {
    return schema;
  }
}
