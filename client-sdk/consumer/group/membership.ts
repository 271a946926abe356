// One member's side of the classic group protocol: JoinGroup (with the KIP-394 member-id
// round), SyncGroup (the leader brings every member's assignment), Heartbeat and LeaveGroup,
// against the coordinator. Keeps the member id and generation; the consumer group decides what
// each outcome means for the partitions.
import { CONSUMER_PROTOCOL_TYPE } from '../../../protocol/consumer-protocol.js';
import { ErrorCode } from '../../../protocol/errors.js';
import type { JoinGroupProtocol, JoinGroupResponse, SyncGroupAssignment } from '../../../protocol/messages.js';
import type { TopicPartition } from '../../assignors/types.js';
import { isBrokerUnreachable, MinibrokerError, MinibrokerProtocolError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { isCoordinatorMoved, type CoordinatorClient } from '../../network/coordinator-client.js';
import { isRetriable, outageDelay, retryDelay, sleep, type ResolvedRetryOptions } from '../../network/retry.js';
import { readAssignment } from './assignment-protocol.js';

export interface MembershipConfig {
  groupId: string;
  groupInstanceId?: string;
  sessionTimeout: number;
  rebalanceTimeout: number;
  retry: ResolvedRetryOptions;
}

export interface JoinedGeneration {
  memberId: string;
  generationId: number;
  leaderId: string;
  isLeader: boolean;
  protocolName: string;
  assignment: TopicPartition[];
  /** Milliseconds from the first JoinGroup to the SyncGroup answer. */
  duration: number;
}

/** The join was abandoned because the consumer is stopping. */
export class GroupStoppedError extends MinibrokerError {
  constructor() {
    super('the consumer left the group', { type: 'GROUP_STOPPED' });
  }
}

/** Time the client gives a JoinGroup beyond the rebalance timeout, as Kafka's clients do. */
const JOIN_GRACE_MS = 5000;

export class GroupMembership {
  memberId = '';
  generationId = -1;
  leaderId = '';
  protocolName = '';

  constructor(
    private readonly coordinator: CoordinatorClient,
    private readonly config: MembershipConfig,
    private readonly logger: Logger,
  ) {}

  get isStatic(): boolean {
    return this.config.groupInstanceId !== undefined;
  }

  get isLeader(): boolean {
    return this.memberId !== '' && this.leaderId === this.memberId;
  }

  /** UNKNOWN_MEMBER_ID: the coordinator forgot us; start over as a new member. */
  resetMember(): void {
    this.memberId = '';
    this.generationId = -1;
  }

  /** ILLEGAL_GENERATION: keep the member id (as Kafka does), forget the generation. */
  resetGeneration(): void {
    this.generationId = -1;
  }

  /**
   * Joins and syncs until this member has an assignment in a stable generation. The leader's
   * `assign` receives the JoinGroup answer with every member. Rejoins at once when the group
   * moves on under us; backs off on retriable errors (`retry.retries` times) and for as long as
   * the coordinator is unreachable (a broker restart); throws the others (FENCED_INSTANCE_ID, ...).
   * `signal` cuts a backoff short when the consumer stops.
   */
  async joinAndSync(
    protocols: () => Promise<JoinGroupProtocol[]>,
    assign: (joined: JoinGroupResponse) => Promise<SyncGroupAssignment[]>,
    stopped: () => boolean,
    signal?: AbortSignal,
  ): Promise<JoinedGeneration> {
    const started = Date.now();
    let failures = 0;
    let outages = 0;
    const retry = async (error: unknown) => {
      if (isBrokerUnreachable(error)) return sleep(outageDelay(this.config.retry, outages++), signal);
      if (!isRetriable(error) || failures >= this.config.retry.retries) throw error;
      await sleep(retryDelay(this.config.retry, failures++), signal);
    };
    for (;;) {
      if (stopped()) throw new GroupStoppedError();
      let joined: JoinGroupResponse;
      // Asked before every attempt: the owned partitions reported may change between attempts.
      const offered = await protocols();
      try {
        joined = await this.coordinator.request(
          'JoinGroup',
          {
            groupId: this.config.groupId,
            sessionTimeoutMs: this.config.sessionTimeout,
            rebalanceTimeoutMs: this.config.rebalanceTimeout,
            memberId: this.memberId,
            ...this.instance(),
            protocolType: CONSUMER_PROTOCOL_TYPE,
            protocols: offered,
            reason: '',
          },
          { timeout: this.config.rebalanceTimeout + JOIN_GRACE_MS },
        );
      } catch (error) {
        await retry(error);
        continue;
      }
      if (stopped()) throw new GroupStoppedError();
      const joinCode = joined.errorCode;
      if (joinCode !== ErrorCode.NONE) {
        if (!this.rejoinAfter(joinCode, joined.memberId)) await retry(this.failure(joinCode, 'JoinGroup'));
        continue;
      }
      this.memberId = joined.memberId;
      this.generationId = joined.generationId;
      this.leaderId = joined.leader;
      this.protocolName = joined.protocolName;
      // The leader is called even with skipAssignment (a returning static leader): it learns the group's topics.
      const assignments = this.isLeader ? await assign(joined) : [];
      let synced;
      try {
        synced = await this.coordinator.request(
          'SyncGroup',
          {
            groupId: this.config.groupId,
            generationId: this.generationId,
            memberId: this.memberId,
            ...this.instance(),
            protocolType: CONSUMER_PROTOCOL_TYPE,
            protocolName: this.protocolName,
            assignments,
          },
          { timeout: this.config.rebalanceTimeout + JOIN_GRACE_MS },
        );
      } catch (error) {
        await retry(error);
        continue;
      }
      if (synced.errorCode !== ErrorCode.NONE) {
        if (!this.rejoinAfter(synced.errorCode, this.memberId))
          await retry(this.failure(synced.errorCode, 'SyncGroup'));
        continue;
      }
      return {
        memberId: this.memberId,
        generationId: this.generationId,
        leaderId: this.leaderId,
        isLeader: this.isLeader,
        protocolName: this.protocolName,
        assignment: readAssignment(synced.assignment),
        duration: Date.now() - started,
      };
    }
  }

  /** One heartbeat; resolves with the coordinator's error code, throws on connection errors. */
  async heartbeat(): Promise<number> {
    const response = await this.coordinator.request('Heartbeat', {
      groupId: this.config.groupId,
      generationId: this.generationId,
      memberId: this.memberId,
      ...this.instance(),
    });
    if (isCoordinatorMoved(response.errorCode)) this.coordinator.markUnknown();
    return response.errorCode;
  }

  /** LeaveGroup, best effort (the session timeout removes us anyway); forgets the member id. */
  async leave(reason: string): Promise<void> {
    const memberId = this.memberId;
    this.resetMember();
    if (memberId === '') return;
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const response = await this.coordinator.request('LeaveGroup', {
          groupId: this.config.groupId,
          members: [{ memberId, ...this.instance(), reason }],
        });
        if (!isCoordinatorMoved(response.errorCode)) return;
        this.coordinator.markUnknown();
      } catch (error) {
        this.logger.debug({ error: (error as Error).message }, 'LeaveGroup failed');
        // The broker is away: it forgets the member anyway, do not keep a stopping consumer waiting.
        if (isBrokerUnreachable(error)) return;
      }
    }
  }

  /** Handles the codes that mean "join again now"; false for the others. */
  private rejoinAfter(code: number, memberId: string): boolean {
    switch (code) {
      case ErrorCode.MEMBER_ID_REQUIRED:
        this.memberId = memberId;
        return true;
      case ErrorCode.UNKNOWN_MEMBER_ID:
        this.resetMember();
        return true;
      case ErrorCode.ILLEGAL_GENERATION:
        this.resetGeneration();
        return true;
      case ErrorCode.REBALANCE_IN_PROGRESS:
        return true;
      default:
        return false;
    }
  }

  private failure(code: number, api: string): MinibrokerProtocolError {
    if (isCoordinatorMoved(code)) this.coordinator.markUnknown();
    return new MinibrokerProtocolError(
      code,
      `${api} for group "${this.config.groupId}": ${new MinibrokerProtocolError(code).message}`,
    );
  }

  private instance(): { groupInstanceId?: string } {
    return this.config.groupInstanceId === undefined ? {} : { groupInstanceId: this.config.groupInstanceId };
  }
}
