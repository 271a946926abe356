// The consumer-group APIs, merged into the broker's handler table (../index.ts).
import type { HandlerTable } from '../context.js';
import { handleDeleteGroups } from './delete-groups.js';
import { handleDescribeGroups } from './describe-groups.js';
import { handleFindCoordinator } from './find-coordinator.js';
import { handleHeartbeat } from './heartbeat.js';
import { handleJoinGroup } from './join-group.js';
import { handleLeaveGroup } from './leave-group.js';
import { handleListGroups } from './list-groups.js';
import { handleOffsetCommit } from './offset-commit.js';
import { handleOffsetFetch } from './offset-fetch.js';
import { handleSyncGroup } from './sync-group.js';

export const groupHandlers: HandlerTable = {
  FindCoordinator: handleFindCoordinator,
  JoinGroup: handleJoinGroup,
  SyncGroup: handleSyncGroup,
  Heartbeat: handleHeartbeat,
  LeaveGroup: handleLeaveGroup,
  OffsetCommit: handleOffsetCommit,
  OffsetFetch: handleOffsetFetch,
  DescribeGroups: handleDescribeGroups,
  ListGroups: handleListGroups,
  DeleteGroups: handleDeleteGroups,
};
