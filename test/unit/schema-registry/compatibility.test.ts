// Which earlier versions each level checks, and in which direction.
import { describe, expect, it } from 'vitest';
import { compatibilityIssues, parseCompatibilityLevel } from '../../../server/schema-registry/compatibility.js';

/** A toy schema: the set of fields it can read; a reader needs every field a writer requires. */
interface Toy {
  schemaType: string;
  name: string;
  reads: string[];
  writes: string[];
}
const toy = (name: string, reads: string[], writes = reads): Toy => ({ schemaType: 'AVRO', name, reads, writes });
const readIssues = (reader: Toy, writer: Toy) =>
  reader.reads
    .filter((field) => !writer.writes.includes(field))
    .map((field) => `${reader.name} lacks ${field} from ${writer.name}`);

describe('compatibilityIssues', () => {
  const v1 = toy('v1', ['a']);
  const v2 = toy('v2', ['a', 'b'], ['a', 'b']);
  const v3 = toy('v3', ['b']);

  it('NONE and a first version check nothing', () => {
    expect(compatibilityIssues('NONE', toy('x', ['z']), [v1], readIssues)).toEqual([]);
    expect(compatibilityIssues('FULL', toy('x', ['z']), [], readIssues)).toEqual([]);
  });

  it('BACKWARD has the new schema read the latest; FORWARD the latest read the new; FULL both', () => {
    expect(compatibilityIssues('BACKWARD', v3, [v1, v2], readIssues)).toEqual([]);
    expect(compatibilityIssues('FORWARD', v3, [v1, v2], readIssues)).toEqual([
      'old schema cannot read new data: v2 lacks a from v3',
    ]);
    expect(compatibilityIssues('FULL', v3, [v1, v2], readIssues)).toHaveLength(1);
  });

  it('the transitive levels check every version', () => {
    expect(compatibilityIssues('BACKWARD_TRANSITIVE', v3, [v1, v2], readIssues)).toEqual([
      'new schema cannot read old data: v3 lacks b from v1',
    ]);
    expect(compatibilityIssues('FORWARD_TRANSITIVE', toy('v4', ['a', 'b']), [v1, v2], readIssues)).toEqual([]);
    expect(compatibilityIssues('FULL_TRANSITIVE', v3, [v1, v2], readIssues).length).toBeGreaterThan(0);
  });

  it('a change of schema type is incompatible', () => {
    expect(compatibilityIssues('BACKWARD', { ...v1, schemaType: 'JSON' }, [v1], readIssues)).toEqual([
      'the schema type changed from AVRO to JSON',
    ]);
  });
});

describe('parseCompatibilityLevel', () => {
  it('accepts any case and refuses the rest with 42203', () => {
    expect(parseCompatibilityLevel('full_transitive')).toBe('FULL_TRANSITIVE');
    expect(() => parseCompatibilityLevel('SOMETIMES')).toThrow(expect.objectContaining({ errorCode: 42203 }));
    expect(() => parseCompatibilityLevel(undefined)).toThrow(expect.objectContaining({ errorCode: 42203 }));
  });
});
