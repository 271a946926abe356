// CreateAcls, DescribeAcls, DeleteAcls, mapped onto the native handlers. Kafka's filters use null
// for "any" (the native ones leave the field out), and Kafka's DescribeAcls groups the bindings by
// resource. Version 0 has no pattern type: the codec fills Kafka's default, LITERAL.
import type { AclBinding, AclBindingFilter } from '../../protocol/messages.js';
import type {
  CreateAclsRequest,
  CreateAclsResponse,
  DeleteAclsRequest,
  DeleteAclsRequestDeleteAclsFilter,
  DeleteAclsResponse,
  DescribeAclsRequest,
  DescribeAclsResponse,
  DescribeAclsResponseDescribeAclsResource,
} from '../../protocol/kafka/generated/index.js';
import { nativeHandler, type KafkaHandler } from './context.js';

function filterOf(f: DescribeAclsRequest | DeleteAclsRequestDeleteAclsFilter): AclBindingFilter {
  return {
    resourceType: f.resourceTypeFilter,
    patternType: f.patternTypeFilter,
    operation: f.operation,
    permissionType: f.permissionType,
    ...(f.resourceNameFilter === null ? {} : { resourceName: f.resourceNameFilter }),
    ...(f.principalFilter === null ? {} : { principal: f.principalFilter }),
    ...(f.hostFilter === null ? {} : { host: f.hostFilter }),
  };
}

export const kafkaCreateAcls: KafkaHandler<CreateAclsRequest, CreateAclsResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await nativeHandler(context, 'CreateAcls')(
    {
      creations: request.creations.map(({ resourcePatternType, ...c }) => ({ ...c, patternType: resourcePatternType })),
    },
    context,
  );
  return { throttleTimeMs: 0, results: native?.results ?? [] };
};

export const kafkaDescribeAcls: KafkaHandler<DescribeAclsRequest, DescribeAclsResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await nativeHandler(context, 'DescribeAcls')({ filter: filterOf(request) }, context);
  const byResource = new Map<string, DescribeAclsResponseDescribeAclsResource>();
  for (const acl of native?.acls ?? []) {
    const key = `${acl.resourceType}\u0000${acl.patternType}\u0000${acl.resourceName}`;
    let resource = byResource.get(key);
    if (!resource) {
      resource = {
        resourceType: acl.resourceType,
        resourceName: acl.resourceName,
        patternType: acl.patternType,
        acls: [],
      };
      byResource.set(key, resource);
    }
    resource.acls.push({
      principal: acl.principal,
      host: acl.host,
      operation: acl.operation,
      permissionType: acl.permissionType,
    });
  }
  return {
    throttleTimeMs: 0,
    errorCode: native?.errorCode ?? 0,
    errorMessage: native?.errorMessage || null,
    resources: [...byResource.values()],
  };
};

export const kafkaDeleteAcls: KafkaHandler<DeleteAclsRequest, DeleteAclsResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await nativeHandler(context, 'DeleteAcls')({ filters: request.filters.map(filterOf) }, context);
  return {
    throttleTimeMs: 0,
    filterResults: (native?.filterResults ?? []).map((r) => ({
      errorCode: r.errorCode,
      errorMessage: r.errorMessage || null,
      matchingAcls: r.matchingAcls.map((acl: AclBinding) => ({ errorCode: 0, errorMessage: null, ...acl })),
    })),
  };
};
