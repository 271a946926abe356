// The web console: a few static files (plain HTML/CSS/JS, nothing fetched from elsewhere),
// read once at start-up. A fixed list, so no request can name a path outside the folder.
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';

const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': 'text/javascript; charset=utf-8',
  'charts.js': 'text/javascript; charset=utf-8',
  'topic-page.js': 'text/javascript; charset=utf-8',
  'acl-page.js': 'text/javascript; charset=utf-8',
  'style.css': 'text/css; charset=utf-8',
};

/** server/admin/console/ next to this module's folder, in the sources and in dist alike. */
export const CONSOLE_DIR = new URL('../console/', import.meta.url);

export function consoleRoutes(app: FastifyInstance, dir: URL = CONSOLE_DIR): void {
  const files = new Map(
    Object.entries(FILES).map(([name, type]) => [name, { type, body: readFileSync(new URL(name, dir)) }]),
  );
  const send = (name: string) => files.get(name);
  app.get('/', async (_request, reply) => {
    const file = send('index.html')!;
    return reply.type(file.type).send(file.body);
  });
  app.get<{ Params: { file: string } }>(
    '/console/:file',
    {
      schema: {
        params: {
          type: 'object',
          properties: { file: { type: 'string', enum: Object.keys(FILES) } },
          required: ['file'],
        },
      },
    },
    async (request, reply) => {
      const file = send(request.params.file)!;
      return reply.type(file.type).header('cache-control', 'no-cache').send(file.body);
    },
  );
}
