// DeleteGroups: only groups without members; their committed offsets go with them. A group
// named twice is answered once, as Kafka does. Deletions are logged by the group-event log.
import type { Handler } from '../context.js';

export const handleDeleteGroups: Handler<'DeleteGroups'> = (request, { services }) => ({
  results: [...new Set(request.groups)].map((groupId) => ({
    groupId,
    errorCode: services.coordinators.forGroup(groupId).deleteGroup(groupId),
  })),
});
