// The protocol's TypeScript types are generated from schema.proto: the generator's mapping, and
// the checked-in output matching the schema (CI also runs `npm run check:generated`).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateProtocolTypes } from '../../../scripts/lib/protocol-types.js';

const read = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('generateProtocolTypes', () => {
  it('maps scalars, repeated, map, optional and message fields, camelCasing names', () => {
    const output = generateProtocolTypes(`
      syntax = "proto3";
      package minibroker;
      message Empty {}
      message Sample {
        int64 log_offset = 1;
        optional string instance_id = 2;
        repeated Empty items = 3;
        map<string, string> configs = 4;
        bytes payload = 5;
        bool is_set = 6;
        repeated int32 ids = 7;
      }
    `);
    expect(output).toContain('export interface Empty {}');
    expect(output).toContain(
      'export interface Sample { logOffset: number; instanceId?: string | null; items: Empty[]; configs: Record<string, string>; payload: Uint8Array; isSet: boolean; ids: number[] }',
    );
  });

  it('matches the checked-in protocol/generated/messages.ts', () => {
    expect(generateProtocolTypes(read('protocol/schema.proto'))).toBe(read('protocol/generated/messages.ts'));
  });
});
