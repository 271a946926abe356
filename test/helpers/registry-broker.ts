// A test broker shared by a file's CLI tests against its schema registry, and the Avro schema
// they register.
import { afterAll, beforeAll } from 'vitest';
import { startTestBroker, type TestBroker } from '../../testing/index.js';

export const sensorSchema = {
  type: 'record',
  name: 'Reading',
  namespace: 'iot',
  fields: [
    { name: 'sensor', type: 'string' },
    { name: 'celsius', type: 'double' },
  ],
};

export interface RegistryBroker {
  broker: TestBroker;
  /** The CLI flags that point at the broker's registry. */
  registryArgs: string[];
}

/** Starts one broker for the test file; its fields are set once beforeAll has run. */
export function useRegistryBroker(): RegistryBroker {
  const shared = {} as RegistryBroker;
  beforeAll(async () => {
    shared.broker = await startTestBroker();
    shared.registryArgs = ['--schema-registry', shared.broker.schemaRegistryUrl];
  });
  afterAll(() => shared.broker?.close());
  return shared;
}
