// Requests to a group's coordinator: FindCoordinator once, then the coordinator's connection
// until it moves. NOT_COORDINATOR / COORDINATOR_NOT_AVAILABLE (or a dropped connection) forget
// it, so the next attempt asks again. Shared by the group consumer and the admin client.
import type { ApiName } from '../../protocol/apis.js';
import { ErrorCode } from '../../protocol/errors.js';
import { COORDINATOR_KEY_TYPE_GROUP, type RequestOf, type ResponseOf } from '../../protocol/messages.js';
import { isBrokerUnreachable, MinibrokerProtocolError } from '../errors.js';
import type { Cluster } from './cluster.js';
import type { RequestOptions } from './connection.js';

/** Codes that mean "ask FindCoordinator again", as Kafka's clients treat them. */
export function isCoordinatorMoved(code: number): boolean {
  return code === ErrorCode.NOT_COORDINATOR || code === ErrorCode.COORDINATOR_NOT_AVAILABLE;
}

export class CoordinatorClient {
  private nodeId: number | undefined;
  private finding: Promise<number> | undefined;

  constructor(
    private readonly cluster: Cluster,
    readonly groupId: string,
    /** 0 = a consumer group (default), 1 = a transactional id. */
    private readonly keyType = COORDINATOR_KEY_TYPE_GROUP,
  ) {}

  /** One attempt; connection errors and coordinator moves leave the coordinator unknown and throw retriable errors. */
  async request<N extends ApiName>(api: N, body: RequestOf<N>, options?: RequestOptions): Promise<ResponseOf<N>> {
    const nodeId = this.nodeId ?? (await this.find());
    try {
      const connection = await this.cluster.connectionForNode(nodeId);
      return await connection.request(api, body, options);
    } catch (error) {
      if (isBrokerUnreachable(error)) this.markUnknown();
      throw error;
    }
  }

  /** Throws a retriable error (and forgets the coordinator) when `code` says the coordinator moved. */
  checkMoved(code: number): void {
    if (!isCoordinatorMoved(code)) return;
    this.markUnknown();
    throw new MinibrokerProtocolError(code);
  }

  markUnknown(): void {
    this.nodeId = undefined;
  }

  private find(): Promise<number> {
    this.finding ??= this.lookup().finally(() => (this.finding = undefined));
    return this.finding;
  }

  private async lookup(): Promise<number> {
    const connection = await this.cluster.anyConnection();
    const response = await connection.request('FindCoordinator', {
      keyType: this.keyType,
      keys: [this.groupId],
    });
    const answer = response.coordinators.find((c) => c.key === this.groupId) ?? response.coordinators[0];
    if (!answer)
      throw new MinibrokerProtocolError(ErrorCode.COORDINATOR_NOT_AVAILABLE, `no coordinator for "${this.groupId}"`);
    if (answer.errorCode !== ErrorCode.NONE)
      throw new MinibrokerProtocolError(answer.errorCode, answer.errorMessage || undefined);
    this.nodeId = answer.nodeId;
    return answer.nodeId;
  }
}
