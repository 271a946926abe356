// Which broker coordinates a group, for `groups describe --state`. The admin client finds the
// coordinator internally but does not say which it is, so this asks FindCoordinator through the
// SDK's cluster connection.
import { COORDINATOR_KEY_TYPE_GROUP } from '../../protocol/messages.js';
import { createLogger } from '../../client-sdk/logger.js';
import { Cluster } from '../../client-sdk/network/cluster.js';
import { CLI_CLIENT_ID, connectionSecurity, type CommonOptions } from '../context.js';

export interface CoordinatorInfo {
  nodeId: number;
  host: string;
  port: number;
}

export async function findCoordinator(
  brokers: string[],
  groupId: string,
  options: CommonOptions,
): Promise<CoordinatorInfo | null> {
  const cluster = new Cluster({
    brokers,
    ...connectionSecurity(options),
    clientId: CLI_CLIENT_ID,
    logger: createLogger({ logLevel: 'nothing', clientId: CLI_CLIENT_ID }),
    connectionTimeout: 3000,
    requestTimeout: 15_000,
    retry: { retries: 2, initialRetryTime: 100, maxRetryTime: 1000 },
  });
  try {
    await cluster.connect();
    const connection = await cluster.anyConnection();
    const response = await connection.request('FindCoordinator', {
      keyType: COORDINATOR_KEY_TYPE_GROUP,
      keys: [groupId],
    });
    const answer = response.coordinators.find((c) => c.key === groupId);
    return answer && answer.errorCode === 0 ? { nodeId: answer.nodeId, host: answer.host, port: answer.port } : null;
  } finally {
    await cluster.disconnect().catch(() => undefined);
  }
}
