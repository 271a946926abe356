import type { Handler } from '../context.js';
import { optional } from './wire.js';

export const handleHeartbeat: Handler<'Heartbeat'> = (request, { services }) =>
  services.coordinators.forGroup(request.groupId).heartbeat({
    groupId: request.groupId,
    generationId: request.generationId,
    memberId: request.memberId,
    groupInstanceId: optional(request.groupInstanceId),
  });
