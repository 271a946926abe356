// GET /metrics in Prometheus' text format (prom-client renders it).
import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** `beforeScrape` drops state cached by the previous scrape. */
export function metricsRoutes(app: FastifyInstance, registry: Registry, beforeScrape: () => void): void {
  app.get('/metrics', async (_request, reply) => {
    beforeScrape();
    const text = await registry.metrics();
    return reply.type(registry.contentType).send(text);
  });
}
