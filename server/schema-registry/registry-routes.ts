// The schema registry's REST API, as Confluent's clients call it, mounted on the admin HTTP app in
// its own encapsulated scope: its content types (application/vnd.schemaregistry.v1+json, also
// plain JSON and octet-stream carrying JSON) and Confluent's error bodies stay inside it, while
// hooks the admin app adds (authentication) cover these routes as they cover the others.
import type { FastifyError, FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest, RegistryError, schemaNotFound } from './registry-error.js';
import type { SchemaRegistry } from './schema-registry.js';
import { SCHEMA_TYPES } from './schema-format.js';

export const REGISTRY_CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const JSON_BODY_TYPES = [
  REGISTRY_CONTENT_TYPE,
  'application/vnd.schemaregistry+json',
  'application/json',
  'application/octet-stream',
];
const MAX_SUBJECT_CHARS = 1000;

type Query = Record<string, string | undefined>;
type Req = FastifyRequest<{ Params: Record<string, string>; Querystring: Query; Body: unknown }>;

export function schemaRegistryRoutes(app: FastifyInstance, registry: SchemaRegistry): void {
  void app.register((scope, _options, done) => {
    // Clients send the JSON content type on DELETE and GET too, with no body: that is no body, not an error.
    const parseJson = scope.getDefaultJsonParser('error', 'error');
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser(JSON_BODY_TYPES, { parseAs: 'string' }, (request, body, done) => {
      const text = body.toString();
      if (text === '') done(null, undefined);
      else void parseJson(request, text, done);
    });
    scope.addHook('onSend', async (_request, reply, payload) => {
      if (String(reply.getHeader('content-type') ?? '').startsWith('application/json'))
        reply.header('content-type', REGISTRY_CONTENT_TYPE);
      return payload;
    });
    scope.setErrorHandler((err: FastifyError, request, reply) => {
      if (err instanceof RegistryError) {
        request.log.debug({ errorCode: err.errorCode, url: request.url }, 'schema registry refused a request');
        return reply.code(err.httpStatus).send(err.toJSON());
      }
      if (err.statusCode !== undefined && err.statusCode >= 400 && err.statusCode < 500)
        return reply.code(err.statusCode).send({ error_code: err.statusCode, message: err.message });
      request.log.error({ err, url: request.url }, 'schema registry request failed');
      return reply.code(500).send({ error_code: 50001, message: 'Error in the backend data store' });
    });
    const route = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, handler: (request: Req) => unknown) =>
      scope.route({ method, url, handler: (request: Req) => Promise.resolve(handler(request)) });

    route('GET', '/subjects', (r) =>
      registry.subjects({ deleted: flag(r.query.deleted), prefix: r.query.subjectPrefix ?? '' }),
    );
    route('GET', '/subjects/:subject/versions', (r) =>
      registry.versions(subjectOf(r), { deleted: flag(r.query.deleted) }),
    );
    route('POST', '/subjects/:subject/versions', (r) => registry.register(subjectOf(r), r.body));
    route('GET', '/subjects/:subject/versions/:version', (r) =>
      registry.getVersion(subjectOf(r), r.params.version!, { deleted: flag(r.query.deleted) }),
    );
    route('GET', '/subjects/:subject/versions/:version/schema', (r) =>
      rawSchema(registry.getVersion(subjectOf(r), r.params.version!, { deleted: flag(r.query.deleted) }).schema),
    );
    route('GET', '/subjects/:subject/versions/:version/referencedby', (r) =>
      registry.referencedBy(subjectOf(r), r.params.version!),
    );
    route('DELETE', '/subjects/:subject/versions/:version', (r) =>
      registry.deleteVersion(subjectOf(r), r.params.version!, flag(r.query.permanent)),
    );
    route('POST', '/subjects/:subject', (r) =>
      registry.lookup(subjectOf(r), r.body, { deleted: flag(r.query.deleted) }),
    );
    route('DELETE', '/subjects/:subject', (r) => registry.deleteSubject(subjectOf(r), flag(r.query.permanent)));

    route('GET', '/schemas/types', () => SCHEMA_TYPES);
    route('GET', '/schemas/ids/:id', (r) => registry.schemaById(idOf(r)));
    route('GET', '/schemas/ids/:id/schema', (r) => rawSchema(registry.schemaById(idOf(r)).schema));
    route('GET', '/schemas/ids/:id/subjects', (r) =>
      registry.subjectsOfSchema(idOf(r), { deleted: flag(r.query.deleted) }),
    );
    route('GET', '/schemas/ids/:id/versions', (r) =>
      registry.versionsOfSchema(idOf(r), { deleted: flag(r.query.deleted) }),
    );

    route('GET', '/config', () => ({ compatibilityLevel: registry.settings.compatibility(undefined) }));
    route('PUT', '/config', (r) => ({
      compatibility: registry.settings.setCompatibility(undefined, field(r.body, 'compatibility')),
    }));
    route('DELETE', '/config', () => ({ compatibilityLevel: registry.settings.deleteCompatibility(undefined) }));
    route('GET', '/config/:subject', (r) => ({
      compatibilityLevel: registry.settings.compatibility(subjectOf(r), flag(r.query.defaultToGlobal)),
    }));
    route('PUT', '/config/:subject', (r) => ({
      compatibility: registry.settings.setCompatibility(subjectOf(r), field(r.body, 'compatibility')),
    }));
    route('DELETE', '/config/:subject', (r) => ({
      compatibilityLevel: registry.settings.deleteCompatibility(subjectOf(r)),
    }));

    route('POST', '/compatibility/subjects/:subject/versions', (r) =>
      compatibilityAnswer(registry.testCompatibility(subjectOf(r), undefined, r.body), r.query),
    );
    route('POST', '/compatibility/subjects/:subject/versions/:version', (r) =>
      compatibilityAnswer(registry.testCompatibility(subjectOf(r), r.params.version, r.body), r.query),
    );

    route('GET', '/mode', () => ({ mode: registry.settings.mode(undefined) }));
    route('PUT', '/mode', (r) => ({
      mode: registry.settings.setMode(undefined, field(r.body, 'mode'), flag(r.query.force)),
    }));
    route('DELETE', '/mode', () => ({ mode: registry.settings.deleteMode(undefined) }));
    route('GET', '/mode/:subject', (r) => ({
      mode: registry.settings.mode(subjectOf(r), flag(r.query.defaultToGlobal)),
    }));
    route('PUT', '/mode/:subject', (r) => ({
      mode: registry.settings.setMode(subjectOf(r), field(r.body, 'mode'), flag(r.query.force)),
    }));
    route('DELETE', '/mode/:subject', (r) => ({ mode: registry.settings.deleteMode(subjectOf(r)) }));
    done();
  });
}

function flag(value: string | undefined): boolean {
  return value === 'true';
}

function subjectOf(request: Req): string {
  const subject = request.params.subject ?? '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (subject === '' || subject.length > MAX_SUBJECT_CHARS || /[\u0000-\u001f]/.test(subject))
    throw new RegistryError(42208, `Invalid subject (1 to ${MAX_SUBJECT_CHARS} printable characters)`);
  return subject;
}

function idOf(request: Req): number {
  const raw = request.params.id ?? '';
  if (!/^[0-9]{1,15}$/.test(raw)) throw schemaNotFound(`Schema ${raw} not found`);
  return Number(raw);
}

/** A field of a small settings body ({ compatibility } or { mode }). */
function field(body: unknown, name: string): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw badRequest(`the request body must be a JSON object with "${name}"`);
  return (body as Record<string, unknown>)[name];
}

/** A schema's own text as the body (Avro and JSON schemas are JSON themselves; Protobuf is not). */
function rawSchema(schema: string): unknown {
  try {
    return JSON.parse(schema) as unknown;
  } catch {
    return schema;
  }
}

function compatibilityAnswer(issues: string[], query: Query): { is_compatible: boolean; messages?: string[] } {
  return { is_compatible: issues.length === 0, ...(flag(query.verbose) ? { messages: issues } : {}) };
}
