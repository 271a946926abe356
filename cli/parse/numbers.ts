// Option parsers for commander: integers with the option named in the error.
import { InvalidArgumentError } from 'commander';

export function parseInteger(raw: string, { min = Number.MIN_SAFE_INTEGER } = {}): number {
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isSafeInteger(value))
    throw new InvalidArgumentError(`expected an integer, got "${raw}"`);
  if (value < min) throw new InvalidArgumentError(`expected an integer of at least ${min}, got ${value}`);
  return value;
}

export const nonNegativeInteger = (raw: string): number => parseInteger(raw, { min: 0 });
export const positiveInteger = (raw: string): number => parseInteger(raw, { min: 1 });
export const anyInteger = (raw: string): number => parseInteger(raw);

/** For repeatable options: `--config a=1 --config b=2`. */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
