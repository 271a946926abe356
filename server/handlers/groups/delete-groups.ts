// DeleteGroups: only groups without members; their committed offsets go with them. A group
// named twice is answered once, as Kafka does.
import type { Handler } from '../context.js';

export const handleDeleteGroups: Handler<'DeleteGroups'> = (request, { services, log }) => ({
  results: [...new Set(request.groups)].map((groupId) => {
    const errorCode = services.coordinators.forGroup(groupId).deleteGroup(groupId);
    if (errorCode === 0) log.info({ group: groupId }, 'group deleted');
    return { groupId, errorCode };
  }),
});
