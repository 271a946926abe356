// `import { startTestBroker } from 'minibroker/testing'`: an in-process broker for integration
// tests, with readiness helpers, fault injection and reset; and the vitest globalSetup recipe.
export { startTestBroker, type TestBroker, type TestBrokerOptions } from './test-broker.js';
export type { DelayOptions, DropOptions, FailOptions, Faults } from './faults.js';
export type { GroupLag, PartitionLag, StableGroup, StableGroupMember, TopicPartitions } from './group-state.js';
export type { ConsumedMessage } from './read-records.js';
export { TEST_CLIENT_ID, type TestRecord } from './kit-producer.js';
export {
  BROKERS_ENV,
  brokersFromEnv,
  globalSetup,
  SCHEMA_REGISTRY_URL_ENV,
  schemaRegistryUrlFromEnv,
} from './global-setup.js';
export { ErrorCode } from '../protocol/errors.js';
export type { ApiName } from '../protocol/apis.js';
