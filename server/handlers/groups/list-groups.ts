import type { Handler } from '../context.js';

export const handleListGroups: Handler<'ListGroups'> = (request, { services }) => {
  const { errorCode, groups } = services.coordinators.listGroups(request.statesFilter);
  return {
    errorCode,
    groups: groups.map((g) => ({ groupId: g.groupId, protocolType: g.protocolType, state: g.state })),
  };
};
