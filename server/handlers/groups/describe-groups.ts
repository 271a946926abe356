// DescribeGroups: one answer per requested group; an unknown group is described as Dead. A group
// named twice is answered once (as DeleteGroups), so repeating a large group's id cannot multiply
// the response.
import type { DescribedGroup } from '../../../protocol/messages.js';
import type { Handler } from '../context.js';

export const handleDescribeGroups: Handler<'DescribeGroups'> = (request, { services }) => ({
  groups: [...new Set(request.groups)].map((groupId): DescribedGroup => {
    const d = services.coordinators.forGroup(groupId).describeGroup(groupId);
    return {
      errorCode: d.errorCode,
      groupId: d.groupId,
      state: d.state,
      protocolType: d.protocolType,
      protocol: d.protocol,
      members: d.members.map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        metadata: m.metadata,
        assignment: m.assignment,
      })),
    };
  }),
});
