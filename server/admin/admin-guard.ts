// Who may use the admin HTTP API. Always: the Host header must name this server (the bound
// address, a loopback name or an allowed host), so a web page cannot reach it through DNS
// rebinding. With users or an admin token configured: every route (console included) needs HTTP
// Basic credentials of a broker user or the bearer token. No CORS headers are ever sent.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CLUSTER_NAME } from '../../protocol/acl.js';
import type { Authenticator } from '../security/authenticator.js';
import type { AclAuthorizer } from '../security/authorizer.js';
import { AdminError } from './admin-error.js';
import { routePermission } from './admin-permissions.js';

export interface AdminGuardOptions {
  authenticator: Authenticator;
  authorizer: AclAuthorizer;
  /** The bearer token accepted besides users' credentials; null for none. */
  adminToken: string | null;
  /** The address the server listens on and the broker's advertised host. */
  ownHosts: readonly string[];
  /** More Host header values to accept (--admin-allowed-hosts). */
  allowedHosts: readonly string[];
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '::1'];
const WILDCARDS = ['0.0.0.0', '::'];

/** The host part of a Host header: `example.com:8080` → example.com, `[::1]:80` → ::1. */
export function hostOfHeader(header: string): string {
  const value = header.trim().toLowerCase();
  if (value.startsWith('[')) return value.slice(1, value.indexOf(']') > 0 ? value.indexOf(']') : undefined);
  const colon = value.indexOf(':');
  return colon < 0 ? value : value.slice(0, colon);
}

export function registerAdminGuard(app: FastifyInstance, options: AdminGuardOptions): void {
  const allowed = new Set(
    [...LOOPBACK_NAMES, ...options.ownHosts, ...options.allowedHosts]
      .map((h) => h.toLowerCase().replace(/^\[|\]$/g, ''))
      .filter((h) => !WILDCARDS.includes(h)),
  );
  const { authenticator, authorizer, adminToken } = options;
  /** Who each authenticated request is; the bearer token is a super user. */
  const principals = new WeakMap<FastifyRequest, string>();
  const tokenDigest = adminToken === null ? undefined : digest(adminToken);
  const authRequired = authenticator.required || adminToken !== null;

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const host = hostOfHeader(request.headers.host ?? '');
    if (!allowed.has(host)) {
      request.log.warn(
        { host: request.headers.host ?? null, remoteAddress: request.ip },
        'admin request with a foreign Host header refused',
      );
      throw new AdminError(
        'HOST_NOT_ALLOWED',
        `Host "${request.headers.host ?? ''}" is not this server; see --admin-allowed-hosts`,
      );
    }
    if (!authRequired) return;
    const header = request.headers.authorization ?? '';
    const [scheme = '', credentials = ''] = header.split(' ', 2);
    if (scheme.toLowerCase() === 'bearer' && tokenDigest && timingSafeEqual(digest(credentials), tokenDigest)) return;
    if (scheme.toLowerCase() === 'basic') {
      const decoded = Buffer.from(credentials, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const username = colon > 0 ? decoded.slice(0, colon) : '';
      if (username && authenticator.users.verifyPassword(username, decoded.slice(colon + 1))) {
        principals.set(request, `User:${username}`);
        return;
      }
      await authenticator.failed(request.ip, 'HTTP Basic', 'wrong username or password', username || undefined);
    } else if (header !== '') await authenticator.failed(request.ip, 'HTTP', 'wrong or unknown credentials');
    void reply.header('WWW-Authenticate', 'Basic realm="minibroker", charset="UTF-8"');
    throw new AdminError('UNAUTHENTICATED');
  });

  // After routing and body parsing, so the ACL can name the route's topic or group.
  app.addHook('preHandler', (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
    const principal = principals.get(request);
    if (principal === undefined) return done(); // an open admin API, or the bearer token
    const permission = routePermission(request.method, request.routeOptions.url);
    if (permission === 'authenticated') return done();
    const name = permission.name(request.params as Record<string, string>, request.body);
    const host = request.ip;
    const granted =
      authorizer.authorize(principal, permission.operation, permission.resourceType, name, host) ||
      (permission.orOnCluster === true &&
        authorizer.authorize(principal, permission.operation, 'CLUSTER', CLUSTER_NAME, host));
    if (granted) return done();
    done(
      new AdminError(
        'NOT_AUTHORIZED',
        `${principal} may not ${permission.operation} ${permission.resourceType} "${name}"`,
      ),
    );
  });
}

/** Compares fixed-length digests, so neither the length nor the content of the token leaks by timing. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
