// What a member says when it joins a generation: the consumer.group_join event (KafkaJS's
// payload plus the rebalance protocol and what this generation revoked and assigned) and one
// info line with the same delta.
import type { RebalanceProtocol, TopicPartition } from '../../assignors/types.js';
import type { Logger } from '../../logger.js';
import { ConsumerEvents, type ConsumerEmitter } from '../events.js';
import { byTopic } from './assignment-protocol.js';
import type { JoinedGeneration } from './membership.js';

export interface GenerationDelta {
  rebalanceProtocol: RebalanceProtocol;
  /** Given up since the previous generation: everything under eager, only what moves under cooperative. */
  revoked: TopicPartition[];
  /** Started in this generation. */
  assigned: TopicPartition[];
  /** Owned before and after, never stopped. */
  kept: number;
}

const names = (list: TopicPartition[]) => list.map((tp) => `${tp.topic}/${tp.partition}`);

export function announceGeneration(
  emitter: ConsumerEmitter,
  logger: Logger,
  groupId: string,
  joined: JoinedGeneration,
  delta: GenerationDelta,
): void {
  const { rebalanceProtocol, revoked, assigned, kept } = delta;
  logger.info(
    {
      generationId: joined.generationId,
      protocol: joined.protocolName,
      rebalanceProtocol,
      revoked: names(revoked),
      assigned: names(assigned),
      kept,
    },
    'joined the group',
  );
  emitter.emit(ConsumerEvents.GROUP_JOIN, () => ({
    groupId,
    memberId: joined.memberId,
    leaderId: joined.leaderId,
    isLeader: joined.isLeader,
    generationId: joined.generationId,
    memberAssignment: byTopic(joined.assignment),
    groupProtocol: joined.protocolName,
    rebalanceProtocol,
    revoked: byTopic(revoked),
    assigned: byTopic(assigned),
    duration: joined.duration,
  }));
}
