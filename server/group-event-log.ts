// Logs every group event with groupId, memberId and generationId, so one group's story can be
// followed with a filter on groupId (member joined, left, expired; rebalance started, completed;
// group removed) at info, and refusals by a limit at warn.
import type { GroupEvent, GroupEventListener } from './groups/group-events.js';
import type { Logger } from './logger.js';

export function logGroupEvents(log: Logger): GroupEventListener {
  return (event: GroupEvent) => {
    const { groupId, generationId } = event;
    if (event.type === 'limit-reached') {
      const what = {
        groupMaxSize: 'join refused: the group is full (groupMaxSize)',
        maxBrokerGroupMembers: 'join refused: the broker holds maxBrokerGroupMembers members',
        maxBrokerGroups: 'group refused: the broker holds maxBrokerGroups groups',
      }[event.limit];
      return log.warn(
        { event: event.type, groupId, memberId: event.memberId, generationId, limit: event.limit, max: event.max },
        what,
      );
    }
    if (!log.isLevelEnabled('info')) return;
    switch (event.type) {
      case 'member-joined':
        return log.info(
          {
            event: event.type,
            groupId,
            memberId: event.memberId,
            generationId,
            clientId: event.clientId,
            groupInstanceId: event.groupInstanceId,
          },
          'member joined',
        );
      case 'member-left':
        return log.info(
          { event: event.type, groupId, memberId: event.memberId, generationId, reason: event.reason },
          'member left',
        );
      case 'member-expired':
        return log.info(
          { event: event.type, groupId, memberId: event.memberId, generationId, reason: event.reason },
          'member expired',
        );
      case 'rebalance-started':
        return log.info(
          { event: event.type, groupId, memberId: null, generationId, reason: event.reason, members: event.members },
          'rebalance started',
        );
      case 'rebalance-completed':
        return log.info(
          {
            event: event.type,
            groupId,
            memberId: null,
            generationId,
            state: event.state,
            durationMs: event.durationMs,
            members: event.members,
          },
          `rebalance completed in ${event.durationMs} ms`,
        );
      case 'group-removed':
        return log.info(
          { event: event.type, groupId, memberId: null, generationId, reason: event.reason },
          `group ${event.reason === 'deleted' ? 'deleted' : 'expired'}`,
        );
    }
  };
}
