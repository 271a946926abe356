// The ACL each admin route needs, by method and route pattern (the same ACLs as the broker
// port). A route missing here needs CLUSTER DESCRIBE to read and CLUSTER ALTER to change, so a
// route added later is never open by accident. The console's static files and /health need only
// authentication.
import type { AclOperation, AclResourceType } from '../../protocol/acl.js';
import { CLUSTER_NAME } from '../../protocol/acl.js';

export interface RoutePermission {
  operation: AclOperation;
  resourceType: AclResourceType;
  /** The resource's name from the route's parameters or body. */
  name: (params: Record<string, string>, body: unknown) => string;
  /** The same operation on the cluster also grants it. */
  orOnCluster?: boolean;
}

const cluster = (operation: AclOperation): RoutePermission => ({
  operation,
  resourceType: 'CLUSTER',
  name: () => CLUSTER_NAME,
});
const topic = (operation: AclOperation): RoutePermission => ({
  operation,
  resourceType: 'TOPIC',
  name: (params) => params.topic ?? '',
});
const group = (operation: AclOperation): RoutePermission => ({
  operation,
  resourceType: 'GROUP',
  name: (params) => params.group ?? '',
});

export const routePermissions: Readonly<Record<string, RoutePermission | 'authenticated'>> = {
  'GET /': 'authenticated',
  'GET /console/:file': 'authenticated',
  'GET /health': 'authenticated',
  'GET /metrics': cluster('DESCRIBE'),
  'GET /api/topics': cluster('DESCRIBE'),
  'POST /api/topics': {
    operation: 'CREATE',
    resourceType: 'TOPIC',
    name: (_params, body) => {
      const name = (body as { topic?: unknown } | undefined)?.topic;
      return typeof name === 'string' ? name : '';
    },
    orOnCluster: true,
  },
  'GET /api/topics/:topic': topic('DESCRIBE'),
  'DELETE /api/topics/:topic': topic('DELETE'),
  'POST /api/topics/:topic/partitions': topic('ALTER'),
  'GET /api/topics/:topic/messages': topic('READ'),
  'POST /api/topics/:topic/messages': topic('WRITE'),
  'GET /api/groups': cluster('DESCRIBE'),
  'GET /api/groups/:group': group('DESCRIBE'),
  'DELETE /api/groups/:group': group('DELETE'),
  'GET /api/groups/:group/lag-history': group('DESCRIBE'),
  'POST /api/groups/:group/offsets/reset': group('READ'),
  'GET /api/acls': cluster('DESCRIBE'),
  'POST /api/acls': cluster('ALTER'),
  'DELETE /api/acls': cluster('ALTER'),
};

export function routePermission(method: string, routeUrl: string | undefined): RoutePermission | 'authenticated' {
  const known = routeUrl === undefined ? undefined : routePermissions[`${method} ${routeUrl}`];
  if (known) return known;
  return method === 'GET' || method === 'HEAD' ? cluster('DESCRIBE') : cluster('ALTER');
}
