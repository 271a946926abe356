// /api/groups: list (state, protocol, members, total lag), describe, delete (Empty groups only).
import type { FastifyInstance } from 'fastify';
import { ErrorCode } from '../../../protocol/errors.js';
import type { BrokerServices } from '../../broker-services.js';
import { AdminError } from '../admin-error.js';
import { groupDetails } from '../group-view.js';
import { errorResponses, groupDetailsSchema, groupParams, groupSummarySchema } from '../schemas.js';

interface GroupParams {
  group: string;
}

export function groupRoutes(app: FastifyInstance, services: BrokerServices): void {
  const { coordinators } = services;

  app.get(
    '/api/groups',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: { groups: { type: 'array', items: groupSummarySchema } },
            required: ['groups'],
          },
        },
      },
    },
    async () => {
      const groups = coordinators.listGroups().groups.flatMap((listing) => {
        try {
          const d = groupDetails(services, listing.groupId);
          return [
            {
              groupId: d.groupId,
              state: d.state,
              protocolType: listing.protocolType,
              protocol: d.protocol,
              members: d.members.length,
              totalLag: d.totalLag,
            },
          ];
        } catch {
          return []; // gone between the listing and the lookup
        }
      });
      return { groups: groups.sort((a, b) => a.groupId.localeCompare(b.groupId)) };
    },
  );

  app.get<{ Params: GroupParams }>(
    '/api/groups/:group',
    {
      schema: { params: groupParams, response: { 200: groupDetailsSchema, ...errorResponses } },
    },
    async (request) => groupDetails(services, request.params.group),
  );

  app.delete<{ Params: GroupParams }>(
    '/api/groups/:group',
    {
      schema: { params: groupParams, response: { 204: { type: 'null' }, ...errorResponses } },
    },
    async (request, reply) => {
      const { group } = request.params;
      const code = coordinators.forGroup(group).deleteGroup(group);
      switch (code) {
        case ErrorCode.NONE:
          return reply.code(204).send();
        case ErrorCode.GROUP_ID_NOT_FOUND:
          throw new AdminError('GROUP_NOT_FOUND', `no consumer group "${group}"`);
        case ErrorCode.NON_EMPTY_GROUP:
          throw new AdminError('GROUP_NOT_EMPTY', `group "${group}" has active members; stop them before deleting it`);
        default:
          throw new AdminError('COORDINATOR_NOT_AVAILABLE', `the coordinator of "${group}" answered error ${code}`);
      }
    },
  );
}
