// Faults the testing kit (minibroker/testing) injects into one coordinator: expire a member, force
// a rebalance, forget every group. They live apart from the request paths and are reached only
// through `coordinator.testHooks`, so no broker code calls them by accident.
import { ErrorCode } from '../../protocol/errors.js';
import type { Group } from './group.js';
import type { Rebalancer } from './rebalancer.js';
import type { CommittedOffsets } from './types.js';

export interface GroupTestHooks {
  /** Removes a member as its session expiry would (a rebalance follows); false when there is no such member. */
  expireMember(groupId: string, memberId: string): boolean;
  /** Starts a rebalance of a group with members, as a leader rejoining on a metadata change would; false when it has none. */
  forceRebalance(groupId: string): boolean;
  /**
   * Forgets every group and its committed offsets (those of groups `ownsGroup` accepts), as if
   * none had existed: parked requests get UNKNOWN_MEMBER_ID, so members join again from scratch.
   */
  reset(ownsGroup?: (groupId: string) => boolean): void;
}

/** The parts of a coordinator the hooks act on. */
export interface HookedCoordinator {
  readonly groups: ReadonlyMap<string, Group>;
  readonly rebalancer: Rebalancer;
  readonly store: CommittedOffsets;
  removeGroup(group: Group): void;
}

export function groupTestHooks(c: HookedCoordinator): GroupTestHooks {
  return {
    expireMember(groupId, memberId) {
      const group = c.groups.get(groupId);
      if (!group || group.is('Dead')) return false;
      if (group.isPendingMember(memberId)) {
        c.rebalancer.removePendingMember(group, memberId);
        return true;
      }
      if (!group.has(memberId)) return false;
      c.rebalancer.removeMemberAndUpdateGroup(group, group.get(memberId), 'expired', 'expired on request');
      return true;
    },

    forceRebalance(groupId) {
      const group = c.groups.get(groupId);
      if (!group || group.size === 0 || group.is('Dead')) return false;
      c.rebalancer.maybePrepareRebalance(group, 'forced');
      return group.is('PreparingRebalance');
    },

    reset(ownsGroup = () => true) {
      for (const group of [...c.groups.values()]) {
        if (!group.is('Dead')) c.rebalancer.unload(group, ErrorCode.UNKNOWN_MEMBER_ID);
        c.removeGroup(group);
      }
      for (const groupId of c.store.groups()) if (ownsGroup(groupId)) c.store.deleteGroup(groupId);
    },
  };
}
