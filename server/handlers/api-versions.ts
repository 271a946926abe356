import type { Handler } from './context.js';

export const BROKER_VERSION = '0.1.0';

export const handleApiVersions: Handler<'ApiVersions'> = (_request, { services }) => ({
  errorCode: 0,
  apis: services
    .supportedApis()
    .map((a) => ({ apiKey: a.key, name: a.name, minVersion: a.minVersion, maxVersion: a.maxVersion })),
  brokerVersion: BROKER_VERSION,
});
