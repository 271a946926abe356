// The broker's core services as one object: what handlers, the admin server, metrics and the
// testing kit all work against. It lives apart from any of them so none has to import another.
import type { ApiSpec } from '../protocol/apis.js';
import type { BrokerConfig } from './config.js';
import type { Fetcher } from './core/fetcher.js';
import type { TopicRegistry } from './core/topic-registry.js';
import type { CoordinatorShards } from './groups/coordinator-shards.js';
import type { TransactionCoordinator } from './transactions/coordinator.js';
import type { ProducerIds } from './transactions/producer-ids.js';
import type { SchemaRegistry } from './schema-registry/schema-registry.js';
import type { Authenticator } from './security/authenticator.js';
import type { AclAuthorizer } from './security/authorizer.js';

export interface BrokerServices {
  readonly config: BrokerConfig;
  readonly topics: TopicRegistry;
  readonly fetcher: Fetcher;
  /** The group coordinators, one per shard; every shard lives on this broker. */
  readonly coordinators: CoordinatorShards;
  /** Producer ids for idempotent and transactional producers. */
  readonly producerIds: ProducerIds;
  /** The transaction coordinator (every transactional id is coordinated by this broker). */
  readonly transactions: TransactionCoordinator;
  /** The schema registry (served over HTTP by the admin server). */
  readonly schemaRegistry: SchemaRegistry;
  readonly clusterId: string;
  /** Users and SASL: every connection's Session comes from it. */
  readonly authenticator: Authenticator;
  /** ACLs: what each principal may do (everything when no users are configured). */
  readonly authorizer: AclAuthorizer;
  /** The host and port clients should connect to (the port actually bound). */
  advertisedAddress(): { host: string; port: number };
  /** The APIs this broker has handlers for. */
  supportedApis(): readonly ApiSpec[];
}
