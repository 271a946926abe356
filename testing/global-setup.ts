// The vitest globalSetup recipe: one broker for the whole run, started before the test workers
// and handed to them through MINIBROKER_BROKERS (and vitest's provide/inject).
//   vitest.config.ts:      test: { globalSetup: ['./test/global-setup.ts'] }
//   test/global-setup.ts:  export { globalSetup as default } from 'minibroker/testing';
//   a test:                const client = new Client({ brokers: brokersFromEnv() });
import { startTestBroker, type TestBrokerOptions } from './test-broker.js';

/** The environment variable the address travels in: "host:port[,host:port]". */
export const BROKERS_ENV = 'MINIBROKER_BROKERS';
/** The environment variable the schema registry's URL travels in. */
export const SCHEMA_REGISTRY_URL_ENV = 'MINIBROKER_SCHEMA_REGISTRY_URL';

/** What vitest passes a globalSetup function (its TestProject), reduced to what we use. */
interface ProvidingProject {
  provide?(key: string, value: unknown): void;
}

/** Starts the shared broker; returns the teardown vitest calls after the last test file. */
export async function globalSetup(
  project?: ProvidingProject,
  options: TestBrokerOptions = {},
): Promise<() => Promise<void>> {
  const broker = await startTestBroker(options);
  process.env[BROKERS_ENV] = broker.brokers.join(',');
  project?.provide?.('minibrokerBrokers', broker.brokers);
  if (options.httpPort !== false) {
    process.env[SCHEMA_REGISTRY_URL_ENV] = broker.schemaRegistryUrl;
    project?.provide?.('minibrokerSchemaRegistryUrl', broker.schemaRegistryUrl);
  }
  return async () => {
    await broker.close();
    delete process.env[BROKERS_ENV];
    delete process.env[SCHEMA_REGISTRY_URL_ENV];
  };
}

/** The shared broker's addresses, for `new Client({ brokers })`; throws when no globalSetup started one. */
export function brokersFromEnv(env: NodeJS.ProcessEnv = process.env): string[] {
  const value = env[BROKERS_ENV];
  if (!value)
    throw new Error(
      `${BROKERS_ENV} is not set: add minibroker/testing's globalSetup to your vitest config (test.globalSetup), or start a broker with startTestBroker()`,
    );
  return value
    .split(',')
    .map((b) => b.trim())
    .filter((b) => b !== '');
}

/** The shared broker's schema registry URL; throws when no globalSetup started one. */
export function schemaRegistryUrlFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const value = env[SCHEMA_REGISTRY_URL_ENV];
  if (!value)
    throw new Error(
      `${SCHEMA_REGISTRY_URL_ENV} is not set: add minibroker/testing's globalSetup to your vitest config (test.globalSetup), or start a broker with startTestBroker()`,
    );
  return value;
}
