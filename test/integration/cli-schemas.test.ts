// `minibroker schemas list|get|register` as child processes against a test broker's registry.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sensorSchema, useRegistryBroker } from '../helpers/registry-broker.js';
import { runCli } from '../helpers/run-cli.js';
import { useTempDirs } from '../helpers/temp-dirs.js';

const tempDir = useTempDirs('cli-schemas');
const shared = useRegistryBroker();

describe('minibroker schemas', () => {
  it('registers from a file and from the command line, lists, and shows by subject and by id', async () => {
    const file = join(tempDir(), 'reading.avsc');
    writeFileSync(file, JSON.stringify(sensorSchema, null, 2));
    const [registered, json] = await Promise.all([
      runCli(['schemas', 'register', '--subject', 'readings-value', '--schema-file', file, ...shared.registryArgs]),
      runCli([
        'schemas',
        'register',
        '--subject',
        'events-value',
        '--type',
        'json',
        '--schema',
        '{"type":"object"}',
        '--json',
        ...shared.registryArgs,
      ]),
    ]);
    expect(registered).toMatchObject({ code: 0, stderr: '' });
    const id = Number(/^Registered under readings-value with id (\d+)\.\n$/.exec(registered.stdout)?.[1]);
    const jsonId = (JSON.parse(json.stdout) as { id: number }).id;
    expect(JSON.parse(json.stdout)).toEqual({ subject: 'events-value', id: jsonId });
    expect(new Set([id, jsonId]).size).toBe(2);

    const [list, filtered, bySubject, byId] = await Promise.all([
      runCli(['schemas', 'list', ...shared.registryArgs]),
      runCli(['schemas', 'list', '--prefix', 'read', '--json', ...shared.registryArgs]),
      runCli(['schemas', 'get', '--subject', 'readings-value', ...shared.registryArgs]),
      runCli(['schemas', 'get', '--id', String(jsonId), '--json', ...shared.registryArgs]),
    ]);
    expect(list.stdout).toBe('events-value\nreadings-value\n');
    expect(JSON.parse(filtered.stdout)).toEqual(['readings-value']);
    expect(bySubject.stderr).toBe(`subject readings-value version 1, id ${id}, AVRO\n`);
    expect(JSON.parse(bySubject.stdout)).toEqual(sensorSchema);
    expect(JSON.parse(byId.stdout)).toEqual({ id: jsonId, schema: '{"type":"object"}', schemaType: 'JSON' });
  });

  it("says what the registry refused, with Confluent's error code", async () => {
    const [missing, invalid, usage, unreachable] = await Promise.all([
      runCli(['schemas', 'get', '--subject', 'nope', ...shared.registryArgs]),
      runCli(['schemas', 'register', '--subject', 's', '--schema', '{oops', ...shared.registryArgs]),
      runCli(['schemas', 'get', ...shared.registryArgs]),
      runCli(['schemas', 'list', '--schema-registry', 'http://127.0.0.1:1']),
    ]);
    expect(missing).toMatchObject({ code: 1, stdout: '' });
    expect(missing.stderr).toBe("minibroker: schema registry: Subject 'nope' not found. (error 40401)\n");
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(/Invalid schema.*\(error 42201\)\n$/);
    expect(usage).toMatchObject({ code: 1, stderr: 'minibroker: give either --subject or --id\n' });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toMatch(/^minibroker: cannot reach the schema registry at http:\/\/127\.0\.0\.1:1 /);
  });
});
