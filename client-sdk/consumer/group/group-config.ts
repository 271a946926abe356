// Group settings from the consumer's config: defaults (Kafka's and KafkaJS's) and checks with
// clear messages, before anything is sent.
import { inspect } from 'node:util';
import { range } from '../../assignors/range.js';
import type { Assignor } from '../../assignors/types.js';
import { MinibrokerInvalidArgumentError } from '../../errors.js';
import type { ResolvedRetryOptions } from '../../network/retry.js';
import type { ConsumerGroupConfig, RebalanceListener } from './types.js';

export interface GroupOptions {
  groupId?: string;
  groupInstanceId?: string;
  sessionTimeout?: number;
  rebalanceTimeout?: number;
  heartbeatInterval?: number;
  maxPollInterval?: number;
  metadataMaxAge?: number;
  partitionAssigners?: Assignor[];
  rebalanceListener?: RebalanceListener;
}

export const GROUP_DEFAULTS = {
  sessionTimeout: 10_000,
  heartbeatInterval: 3000,
  maxPollInterval: 300_000,
  metadataMaxAge: 300_000,
} as const;

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0)
    throw new MinibrokerInvalidArgumentError(
      `${name} must be a positive integer (milliseconds), got ${inspect(value)}`,
    );
  return value;
}

/** Checks the group options; `groupId` undefined means no group (assign() only). */
export function resolveGroupConfig(
  options: GroupOptions,
  retry: ResolvedRetryOptions,
): ConsumerGroupConfig | undefined {
  const { groupId, groupInstanceId, partitionAssigners, rebalanceListener } = options;
  if (groupId === undefined) return undefined;
  if (typeof groupId !== 'string' || groupId === '')
    throw new MinibrokerInvalidArgumentError('groupId must be a non-empty string');
  if (groupInstanceId !== undefined && (typeof groupInstanceId !== 'string' || groupInstanceId === '')) {
    throw new MinibrokerInvalidArgumentError('groupInstanceId must be a non-empty string when given');
  }
  const sessionTimeout = positive('sessionTimeout', options.sessionTimeout, GROUP_DEFAULTS.sessionTimeout);
  const heartbeatInterval = positive(
    'heartbeatInterval',
    options.heartbeatInterval,
    Math.min(GROUP_DEFAULTS.heartbeatInterval, Math.floor(sessionTimeout / 3) || 1),
  );
  if (heartbeatInterval >= sessionTimeout)
    throw new MinibrokerInvalidArgumentError(
      `heartbeatInterval (${heartbeatInterval}) must be lower than sessionTimeout (${sessionTimeout}); a third of it is usual`,
    );
  const maxPollInterval = positive('maxPollInterval', options.maxPollInterval, GROUP_DEFAULTS.maxPollInterval);
  const assignors = partitionAssigners ?? [range];
  if (
    !Array.isArray(assignors) ||
    assignors.length === 0 ||
    !assignors.every((a) => a && typeof a.name === 'string' && a.name !== '' && typeof a.assign === 'function')
  ) {
    throw new MinibrokerInvalidArgumentError('partitionAssigners must be a non-empty array of { name, assign(input) }');
  }
  if (new Set(assignors.map((a) => a.name)).size !== assignors.length)
    throw new MinibrokerInvalidArgumentError('partitionAssigners has two assignors with the same name');
  return {
    groupId,
    ...(groupInstanceId === undefined ? {} : { groupInstanceId }),
    sessionTimeout,
    // As Kafka, which sends max.poll.interval.ms as the rebalance timeout: a member may take as long to rejoin as to process.
    rebalanceTimeout: positive('rebalanceTimeout', options.rebalanceTimeout, maxPollInterval),
    heartbeatInterval,
    maxPollInterval,
    metadataMaxAge: positive('metadataMaxAge', options.metadataMaxAge, GROUP_DEFAULTS.metadataMaxAge),
    assignors,
    ...(rebalanceListener === undefined ? {} : { rebalanceListener }),
    retry,
  };
}
