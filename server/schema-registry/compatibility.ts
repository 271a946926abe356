// Compatibility levels and which earlier versions each one checks a new schema against.
// BACKWARD: the new schema reads data written with the old; FORWARD: the old reads the new;
// FULL: both. The plain levels compare with the latest version, the _TRANSITIVE ones with all.
import { invalidCompatibilityLevel } from './registry-error.js';

export const COMPATIBILITY_LEVELS = [
  'NONE',
  'BACKWARD',
  'BACKWARD_TRANSITIVE',
  'FORWARD',
  'FORWARD_TRANSITIVE',
  'FULL',
  'FULL_TRANSITIVE',
] as const;
export type CompatibilityLevel = (typeof COMPATIBILITY_LEVELS)[number];
export const DEFAULT_COMPATIBILITY: CompatibilityLevel = 'BACKWARD';

/** Accepts any letter case, as Confluent's registry does; 42203 otherwise. */
export function parseCompatibilityLevel(value: unknown): CompatibilityLevel {
  const level = typeof value === 'string' ? value.toUpperCase() : undefined;
  const found = COMPATIBILITY_LEVELS.find((candidate) => candidate === level);
  if (!found) throw invalidCompatibilityLevel(value);
  return found;
}

/** What makes `candidate` incompatible with `previous` (oldest first) under `level`; empty when compatible. */
export function compatibilityIssues<S extends { schemaType: string }>(
  level: CompatibilityLevel,
  candidate: S,
  previous: readonly S[],
  readIssues: (reader: S, writer: S) => string[],
): string[] {
  if (level === 'NONE' || previous.length === 0) return [];
  const against = level.endsWith('_TRANSITIVE') ? [...previous].reverse() : previous.slice(-1);
  const backward = level.startsWith('BACKWARD') || level.startsWith('FULL');
  const forward = level.startsWith('FORWARD') || level.startsWith('FULL');
  for (const old of against) {
    if (old.schemaType !== candidate.schemaType)
      return [`the schema type changed from ${old.schemaType} to ${candidate.schemaType}`];
    const issues = [
      ...(backward ? readIssues(candidate, old).map((issue) => `new schema cannot read old data: ${issue}`) : []),
      ...(forward ? readIssues(old, candidate).map((issue) => `old schema cannot read new data: ${issue}`) : []),
    ];
    if (issues.length > 0) return issues;
  }
  return [];
}
