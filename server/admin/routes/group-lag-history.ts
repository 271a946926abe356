// GET /api/groups/:group/lag-history — the group's total lag sampled on the broker over the last
// minutes (lagHistoryIntervalMs apart, lagHistorySamples at most), oldest first.
import type { FastifyInstance } from 'fastify';
import type { BrokerServices } from '../../broker-services.js';
import { groupDetails } from '../group-view.js';
import type { LagHistory } from '../lag-history.js';
import { errorResponses, groupParams } from '../schemas.js';

const lagHistoryResponse = {
  type: 'object',
  properties: {
    groupId: { type: 'string' },
    intervalMs: { type: 'integer' },
    samples: {
      type: 'array',
      items: {
        type: 'object',
        properties: { at: { type: 'string' }, lag: { type: 'integer' } },
        required: ['at', 'lag'],
      },
    },
  },
  required: ['groupId', 'intervalMs', 'samples'],
} as const;

export function groupLagHistoryRoutes(app: FastifyInstance, services: BrokerServices, history: LagHistory): void {
  app.get<{ Params: { group: string } }>(
    '/api/groups/:group/lag-history',
    { schema: { params: groupParams, response: { 200: lagHistoryResponse, ...errorResponses } } },
    (request) => {
      const { group } = request.params;
      groupDetails(services, group); // 404 for a group the broker does not know
      return {
        groupId: group,
        intervalMs: services.config.lagHistoryIntervalMs,
        samples: history.samples(group).map((s) => ({ at: new Date(s.at).toISOString(), lag: s.lag })),
      };
    },
  );
}
