// Applies the permission table to the handler table: each handler is wrapped by a synchronous
// check (so requests still start in arrival order) that answers a refused request with the API's
// error response. Handlers that check per item use `allowed` themselves.
import type { AclOperation, AclResourceType } from '../../protocol/acl.js';
import { CLUSTER_NAME } from '../../protocol/acl.js';
import type { RequestOf } from '../../protocol/messages.js';
import type { ApiHandlerName, Handler, HandlerContext, HandlerTable, OutgoingResponseOf } from '../handlers/context.js';
import { errorResponse } from '../handlers/error-responses.js';
import {
  apiPermissions,
  AUTHORIZATION_FAILED,
  UNLISTED_API_PERMISSION,
  type Permission,
  type PermissionTable,
} from './api-permissions.js';
import { ANONYMOUS } from './session.js';

/** May this request's principal do `operation` on the resource? */
export function allowed(
  context: HandlerContext,
  operation: AclOperation,
  resourceType: AclResourceType,
  name: string,
): boolean {
  const { session, services } = context;
  return services.authorizer.authorize(session.principal ?? ANONYMOUS, operation, resourceType, name, session.host);
}

/** Auto-creation needs CREATE on the topic or on the cluster, as in Kafka. */
export function mayCreateTopic(context: HandlerContext, name: string): boolean {
  return allowed(context, 'CREATE', 'TOPIC', name) || allowed(context, 'CREATE', 'CLUSTER', CLUSTER_NAME);
}

function refusal<N extends ApiHandlerName>(
  permissions: readonly Permission<N>[],
  request: RequestOf<N>,
  context: HandlerContext,
): number | undefined {
  for (const p of permissions) {
    const granted = (name: string) =>
      allowed(context, p.operation, p.resourceType, name) ||
      (p.orOnCluster === true && allowed(context, p.operation, 'CLUSTER', CLUSTER_NAME));
    if (!p.names(request).every(granted)) return AUTHORIZATION_FAILED[p.resourceType];
  }
  return undefined;
}

export function authorizeHandlers(handlers: HandlerTable, table: PermissionTable = apiPermissions): HandlerTable {
  const out: Record<string, unknown> = { ...handlers };
  for (const [api, handler] of Object.entries(handlers) as [ApiHandlerName, Handler<ApiHandlerName>][]) {
    const listed = table[api] as readonly Permission<ApiHandlerName>[] | 'checked-in-handler' | 'none' | undefined;
    if (listed === 'checked-in-handler' || listed === 'none') continue;
    const permissions = listed ?? [UNLISTED_API_PERMISSION];
    out[api] = (request: RequestOf<ApiHandlerName>, context: HandlerContext) => {
      if (!context.services.authorizer.enabled) return handler(request, context);
      const code = refusal(permissions, request, context);
      if (code === undefined) return handler(request, context);
      context.log.debug(
        { connection: context.connection.id, api, principal: context.session.principal },
        'request not authorized',
      );
      return errorResponse(api, request, code) as OutgoingResponseOf<ApiHandlerName>;
    };
  }
  return out;
}
