// GET /health: the broker answers; for load balancers and the Docker healthcheck.
import type { FastifyInstance } from 'fastify';
import type { BrokerServices } from '../../broker-services.js';

export function healthRoutes(app: FastifyInstance, services: BrokerServices): void {
  app.get(
    '/health',
    {
      schema: {
        response: {
          200: {
            type: 'object',
            properties: {
              status: { type: 'string' },
              clusterId: { type: 'string' },
              nodeId: { type: 'integer' },
              broker: { type: 'string' },
            },
            required: ['status', 'clusterId', 'nodeId', 'broker'],
          },
        },
      },
    },
    async () => {
      const { host, port } = services.advertisedAddress();
      return { status: 'ok', clusterId: services.clusterId, nodeId: services.config.nodeId, broker: `${host}:${port}` };
    },
  );
}
