// /api/acls: list, add and remove ACLs, with Kafka's names as strings
// ({ resourceType: 'TOPIC', resourceName, patternType: 'PREFIXED', principal: 'User:bob',
// host: '*', operation: 'READ', permissionType: 'ALLOW' }). Who may: CLUSTER DESCRIBE to list,
// CLUSTER ALTER to change (admin-permissions.ts).
import type { FastifyInstance } from 'fastify';
import {
  AclOperationTypes,
  AclPermissionTypes,
  AclResourceTypes,
  nameOf,
  ResourcePatternTypes,
} from '../../../protocol/acl.js';
import type { AclBinding } from '../../../protocol/messages.js';
import type { BrokerServices } from '../../broker-services.js';
import { bindingProblem } from '../../security/acl-match.js';
import { AdminError } from '../admin-error.js';
import { errorResponses } from '../schemas.js';

interface AclBody {
  resourceType: string;
  resourceName: string;
  patternType?: string;
  principal: string;
  host?: string;
  operation: string;
  permissionType?: string;
}

const names = (table: Record<string, number>) => Object.keys(table);
const aclSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    resourceType: { type: 'string', enum: ['TOPIC', 'GROUP', 'CLUSTER', 'TRANSACTIONAL_ID'] },
    resourceName: { type: 'string', minLength: 1, maxLength: 1000 },
    patternType: { type: 'string', enum: ['LITERAL', 'PREFIXED'] },
    principal: { type: 'string', minLength: 1, maxLength: 260 },
    host: { type: 'string', minLength: 1, maxLength: 255 },
    operation: { type: 'string', enum: names(AclOperationTypes).filter((n) => !['UNKNOWN', 'ANY'].includes(n)) },
    permissionType: { type: 'string', enum: ['ALLOW', 'DENY'] },
  },
  required: ['resourceType', 'resourceName', 'principal', 'operation'],
} as const;

function toBinding(body: AclBody): AclBinding {
  const binding: AclBinding = {
    resourceType: AclResourceTypes[body.resourceType as keyof typeof AclResourceTypes],
    resourceName: body.resourceName,
    patternType: ResourcePatternTypes[(body.patternType ?? 'LITERAL') as keyof typeof ResourcePatternTypes],
    principal: body.principal,
    host: body.host ?? '*',
    operation: AclOperationTypes[body.operation as keyof typeof AclOperationTypes],
    permissionType: AclPermissionTypes[(body.permissionType ?? 'ALLOW') as keyof typeof AclPermissionTypes],
  };
  const problem = bindingProblem(binding);
  if (problem) throw new AdminError('INVALID_REQUEST', problem);
  return binding;
}

function toJson(b: AclBinding) {
  return {
    resourceType: nameOf(AclResourceTypes, b.resourceType),
    resourceName: b.resourceName,
    patternType: nameOf(ResourcePatternTypes, b.patternType),
    principal: b.principal,
    host: b.host,
    operation: nameOf(AclOperationTypes, b.operation),
    permissionType: nameOf(AclPermissionTypes, b.permissionType),
  };
}

const EVERYTHING = { resourceType: 1, patternType: 1, operation: 1, permissionType: 1 };

export function aclRoutes(app: FastifyInstance, services: BrokerServices): void {
  const { authorizer } = services;

  app.get('/api/acls', async () => ({ enforced: authorizer.enabled, acls: authorizer.list(EVERYTHING).map(toJson) }));

  app.post<{ Body: AclBody }>(
    '/api/acls',
    { schema: { body: aclSchema, response: errorResponses } },
    async (request, reply) => {
      const binding = toBinding(request.body);
      authorizer.add([binding]);
      request.log.info({ acl: toJson(binding) }, 'ACL created through the admin API');
      return reply.code(201).send({ acl: toJson(binding) });
    },
  );

  app.delete<{ Body: AclBody }>(
    '/api/acls',
    { schema: { body: aclSchema, response: errorResponses } },
    async (request) => {
      const binding = toBinding(request.body);
      const [removed = []] = authorizer.remove([binding]);
      if (removed.length > 0) request.log.info({ acl: toJson(binding) }, 'ACL deleted through the admin API');
      return { removed: removed.length };
    },
  );
}
