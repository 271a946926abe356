// `minibroker consume --value-format avro` as a child process: values decoded through the test
// broker's registry, and a clear stop at a value that is not Avro in the wire format.
import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { describe, expect, it } from 'vitest';
import { sensorSchema, useRegistryBroker } from '../helpers/registry-broker.js';
import { runCli } from '../helpers/run-cli.js';

const shared = useRegistryBroker();

describe('minibroker consume --value-format avro', () => {
  it('decodes values through the registry and prints them as JSON', async () => {
    const registry = new SchemaRegistry({ host: shared.broker.schemaRegistryUrl });
    const { id } = await registry.register(
      { type: SchemaType.AVRO, schema: JSON.stringify(sensorSchema) },
      { subject: 'temps-value' },
    );
    await shared.broker.produce('temps', [
      { value: await registry.encode(id, { sensor: 'a', celsius: 21.5 }) },
      { value: await registry.encode(id, { sensor: 'b', celsius: -3 }) },
    ]);
    const args = ['consume', '--topic', 'temps', '--from-beginning', '--max-messages', '2', '--value-format', 'avro'];
    const [plain, json] = await Promise.all([
      runCli([...args, ...shared.registryArgs], { brokers: shared.broker.brokers }),
      runCli([...args, '--json', ...shared.registryArgs], { brokers: shared.broker.brokers }),
    ]);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toBe('{"sensor":"a","celsius":21.5}\n{"sensor":"b","celsius":-3}\n');
    expect(JSON.parse(json.stdout.split('\n')[0]!)).toMatchObject({
      offset: 0,
      value: '{"sensor":"a","celsius":21.5}',
    });
  });

  it('stops with a clear line at a value that is not Avro in the wire format', async () => {
    await shared.broker.produce('raw', ['plain text']);
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
          ...shared.registryArgs,
        ],
        { brokers: shared.broker.brokers },
      ),
      runCli(['consume', '--topic', 'raw', '--value-format', 'xml'], { brokers: shared.broker.brokers }),
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/partition 0 offset 0: the value is not in the schema registry's wire format/);
    expect(badFormat.code).not.toBe(0);
    expect(badFormat.stderr).toMatch(/takes string or avro/);
  });
});
