// The built-in assignors, exported from the package root as `Assignors`.
import { cooperativeSticky } from './cooperative-sticky.js';
import { range } from './range.js';
import { roundRobin } from './round-robin.js';
import { sticky } from './sticky.js';

export type {
  AssignInput,
  Assignor,
  AssignorMember,
  GroupAssignment,
  RebalanceProtocol,
  TopicPartition,
} from './types.js';
export { cooperativeSticky, range, roundRobin, sticky };

export const Assignors = { range, roundRobin, sticky, cooperativeSticky } as const;
