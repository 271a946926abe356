import { describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_CONFIG, normalizeConfig } from '../../../server/config.js';

describe('connection-level settings', () => {
  it('have Kafka-like defaults', () => {
    expect(DEFAULT_CONFIG).toMatchObject({
      maxFrameBytes: 100 * 1024 * 1024,
      maxConnections: 10_000,
      maxConnectionsPerIp: 2 ** 31 - 1,
      connectionsMaxIdleMs: 600_000,
      frameReadTimeoutMs: 30_000,
      maxResponseBytesPerConnection: 16 * 1024 * 1024,
    });
  });

  it('are read from MINIBROKER_* variables', () => {
    expect(
      configFromEnv({
        MINIBROKER_MAX_FRAME_BYTES: '2048',
        MINIBROKER_MAX_CONNECTIONS: '50',
        MINIBROKER_MAX_CONNECTIONS_PER_IP: '5',
        MINIBROKER_CONNECTIONS_MAX_IDLE_MS: '1000',
        MINIBROKER_FRAME_READ_TIMEOUT_MS: '500',
        MINIBROKER_MAX_RESPONSE_BYTES_PER_CONNECTION: '1048576',
      }),
    ).toEqual({
      maxFrameBytes: 2048,
      maxConnections: 50,
      maxConnectionsPerIp: 5,
      connectionsMaxIdleMs: 1000,
      frameReadTimeoutMs: 500,
      maxResponseBytesPerConnection: 1048576,
    });
    expect(() => configFromEnv({ MINIBROKER_MAX_CONNECTIONS: 'many' })).toThrow(
      /MINIBROKER_MAX_CONNECTIONS must be an integer/,
    );
  });

  it.each([
    [{ maxConnections: 0 }, 'maxConnections'],
    [{ maxConnectionsPerIp: -1 }, 'maxConnectionsPerIp'],
    [{ connectionsMaxIdleMs: 2 ** 31 }, 'connectionsMaxIdleMs'],
    [{ frameReadTimeoutMs: 0 }, 'frameReadTimeoutMs'],
    [{ maxResponseBytesPerConnection: 10 }, 'maxResponseBytesPerConnection'],
  ])('rejects %o naming the field', (partial, field) => {
    expect(() => normalizeConfig(partial)).toThrow(new RegExp(`invalid broker config: ${field} `));
  });
});
