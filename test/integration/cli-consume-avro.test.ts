// `minibroker consume --value-format avro` as a child process: values decoded through the test
// broker's registry, and a clear stop at a value that is not Avro in the wire format.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../../testing/index.js';
import { runCli } from '../helpers/run-cli.js';

let broker: TestBroker;
let registryArgs: string[];
beforeAll(async () => {
  broker = await startTestBroker();
  registryArgs = ['--schema-registry', broker.schemaRegistryUrl];
});
afterAll(() => broker.close());

const sensor = {
  type: 'record',
  name: 'Reading',
  namespace: 'iot',
  fields: [
    { name: 'sensor', type: 'string' },
    { name: 'celsius', type: 'double' },
  ],
};

describe('minibroker consume --value-format avro', () => {
  it('decodes values through the registry and prints them as JSON', async () => {
    const registry = new SchemaRegistry({ host: broker.schemaRegistryUrl });
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(sensor) },
      { subject: 'temps-value' },
    );
    await broker.produce('temps', [
      { value: await registry.encode(id, { sensor: 'a', celsius: 21.5 }) },
      { value: await registry.encode(id, { sensor: 'b', celsius: -3 }) },
    ]);
    const args = ['consume', '--topic', 'temps', '--from-beginning', '--max-messages', '2', '--value-format', 'avro'];
    const [plain, json] = await Promise.all([
      runCli([...args, ...registryArgs], { brokers: broker.brokers }),
      runCli([...args, '--json', ...registryArgs], { brokers: broker.brokers }),
    ]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('{"sensor":"a","celsius":21.5}\n{"sensor":"b","celsius":-3}\n');
    expect(JSON.parse(json.stdout.split('\n')[0]!)).toMatchObject({
      offset: 0,
      value: '{"sensor":"a","celsius":21.5}',
    });
  });

  it('stops with a clear line at a value that is not Avro in the wire format', async () => {
    await broker.produce('raw', ['plain text']);
    const [result, badFormat] = await Promise.all([
      runCli(
        [
          'consume',
          '--topic',
          'raw',
          '--from-beginning',
          '--max-messages',
          '1',
          '--value-format',
          'avro',
          ...registryArgs,
        ],
        { brokers: broker.brokers },
      ),
      runCli(['consume', '--topic', 'raw', '--value-format', 'xml'], { brokers: broker.brokers }),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/partition 0 offset 0: the value is not in the schema registry's wire format/);
    expect(badFormat.code).not.toBe(0);
    expect(badFormat.stderr).toMatch(/takes string or avro/);
  });
});
