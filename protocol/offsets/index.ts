// Consumer-group offset rules shared by the admin API and the CLI.
export { InvalidOffsetInput, NoCommittedOffset } from './errors.js';
export { parseDuration } from './duration.js';
export { parseDatetime } from './datetime.js';
export { partitionLag, totalLag } from './lag.js';
export {
  planOffsetReset,
  type OffsetForTimestamp,
  type PlannedOffset,
  type ResetSpec,
  type ResetTarget,
} from './reset-plan.js';
