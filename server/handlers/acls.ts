// CreateAcls, DescribeAcls, DeleteAcls: ACL management (who may call them: the permission table,
// CLUSTER ALTER or DESCRIBE). Each new binding is validated; a bad one fails alone.
import { ErrorCode } from '../../protocol/errors.js';
import type { AclBindingFilter } from '../../protocol/messages.js';
import { bindingProblem } from '../security/acl-match.js';
import type { Handler } from './context.js';

const NOT_ENABLED = 'ACLs apply only when the broker has users (docs/security.md)';

export const handleCreateAcls: Handler<'CreateAcls'> = (request, { services, log, session }) => {
  const problems = request.creations.map(bindingProblem);
  const valid = request.creations.filter((_, i) => problems[i] === undefined);
  if (valid.length > 0) services.authorizer.add(valid);
  if (valid.length > 0) log.info({ principal: session.principal, acls: valid.length }, 'ACLs created');
  return {
    results: problems.map((problem) =>
      problem === undefined
        ? { errorCode: 0, errorMessage: services.authorizer.enabled ? '' : NOT_ENABLED }
        : { errorCode: ErrorCode.INVALID_REQUEST, errorMessage: problem },
    ),
  };
};

/** A request that left the filter out selects nothing rather than everything. */
const NOTHING: AclBindingFilter = { resourceType: 0, patternType: 0, operation: 0, permissionType: 0 };

export const handleDescribeAcls: Handler<'DescribeAcls'> = (request, { services }) => ({
  errorCode: 0,
  errorMessage: '',
  acls: services.authorizer.list(request.filter ?? NOTHING),
});

export const handleDeleteAcls: Handler<'DeleteAcls'> = (request, { services, log, session }) => {
  const removed = services.authorizer.remove(request.filters);
  const count = removed.reduce((n, list) => n + list.length, 0);
  if (count > 0) log.info({ principal: session.principal, acls: count }, 'ACLs deleted');
  return {
    filterResults: removed.map((matchingAcls) => ({ errorCode: 0, errorMessage: '', matchingAcls })),
  };
};
