import { kafkaApis } from '../../protocol/kafka/generated/index.js';
import type { ApiVersionsRequest, ApiVersionsResponse } from '../../protocol/kafka/generated/index.js';
import type { KafkaHandler } from './context.js';

export interface AdvertisedApi {
  apiKey: number;
  minVersion: number;
  maxVersion: number;
}

/** Exactly the APIs with a mapping in the table, at the versions generated for each. */
export function advertisedApis(served: ReadonlySet<string>): AdvertisedApi[] {
  return Object.entries(kafkaApis)
    .filter(([name]) => served.has(name))
    .map(([, spec]) => ({ apiKey: spec.key, minVersion: spec.minVersion, maxVersion: spec.maxVersion }))
    .sort((a, b) => a.apiKey - b.apiKey);
}

export function apiVersionsHandler(served: ReadonlySet<string>): KafkaHandler<ApiVersionsRequest, ApiVersionsResponse> {
  const apiKeys = advertisedApis(served);
  return () => ({
    errorCode: 0,
    apiKeys,
    throttleTimeMs: 0,
    supportedFeatures: [],
    finalizedFeaturesEpoch: -1,
    finalizedFeatures: [],
    zkMigrationReady: false,
  });
}
