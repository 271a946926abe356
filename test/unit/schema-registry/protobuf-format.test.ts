// Protobuf parsing with references and well-known types, the message-index lookup, and the rules
// a reader must satisfy to read a writer's messages.
import { describe, expect, it } from 'vitest';
import { messageAt, protobufFormat } from '../../../server/schema-registry/protobuf-format.js';

const file = (body: string) => `syntax = "proto3";\npackage shop;\n${body}\n`;
const parse = (body: string) => protobufFormat.parse(file(body), []);
const issues = (reader: string, writer: string) => protobufFormat.readIssues(parse(reader), parse(writer));

describe('protobufFormat.parse', () => {
  it("resolves references by import path and Google's well-known types", () => {
    const money = {
      name: 'money.proto',
      schema: 'syntax = "proto3";\npackage shop;\nmessage Money { int64 cents = 1; }',
    };
    const parsed = protobufFormat.parse(
      file(
        'import "money.proto";\nimport "google/protobuf/timestamp.proto";\nmessage Order { Money total = 1; google.protobuf.Timestamp at = 2; }',
      ),
      [money],
    );
    // Only the schema's own messages count for message indexes.
    expect(parsed.messages.map((type) => type.name)).toEqual(['Order']);
  });

  it('refuses an import that is not a reference, and an unknown type', () => {
    expect(() => parse('import "other.proto";\nmessage A { int32 x = 1; }')).toThrow(/other\.proto/);
    expect(() => parse('message A { Missing x = 1; }')).toThrow(/Missing/);
    expect(() => parse('message {')).toThrow();
  });

  it('finds messages by index path, nested ones included', () => {
    const parsed = parse('message A { message Inner { int32 y = 1; } }\nmessage B { int32 x = 1; }');
    expect(messageAt(parsed, [0])?.name).toBe('A');
    expect(messageAt(parsed, [1])?.name).toBe('B');
    expect(messageAt(parsed, [0, 0])?.name).toBe('Inner');
    expect(messageAt(parsed, [2])).toBeUndefined();
  });
});

describe('protobufFormat.readIssues', () => {
  it('allows added and removed fields and kind changes within a wire family', () => {
    expect(issues('message A { int32 x = 1; string y = 2; }', 'message A { int32 x = 1; }')).toEqual([]);
    expect(issues('message A { int32 x = 1; }', 'message A { int32 x = 1; string y = 2; }')).toEqual([]);
    expect(issues('message A { int64 x = 1; }', 'message A { int32 x = 1; }')).toEqual([]);
    expect(issues('message A { bytes x = 1; }', 'message A { string x = 1; }')).toEqual([]);
  });

  it('refuses a removed message, a kind change across families, and repeated changes', () => {
    expect(issues('message A { int32 x = 1; }', 'message A { int32 x = 1; }\nmessage B { int32 y = 1; }')).toEqual([
      'message shop.B removed',
    ]);
    expect(issues('message A { string x = 1; }', 'message A { int32 x = 1; }')).toEqual([
      'field shop.A.x (1): kind changed from int32 to string',
    ]);
    expect(issues('message A { repeated int32 x = 1; }', 'message A { int32 x = 1; }')).toEqual([
      'field shop.A.x (1): changed between repeated and single',
    ]);
    expect(
      issues(
        'message A { B x = 1; }\nmessage B {}\nmessage C {}',
        'message A { C x = 1; }\nmessage B {}\nmessage C {}',
      ),
    ).toEqual(['field shop.A.x (1): type changed from shop.C to shop.B']);
  });

  it('refuses proto2 required fields that appear or disappear', () => {
    const proto2 = (body: string) => protobufFormat.parse(`syntax = "proto2";\n${body}`, []);
    expect(
      protobufFormat.readIssues(
        proto2('message A { required int32 x = 1; required int32 y = 2; }'),
        proto2('message A { required int32 x = 1; }'),
      ),
    ).toEqual(['required field A.y added']);
    expect(
      protobufFormat.readIssues(
        proto2('message A { optional int32 z = 3; }'),
        proto2('message A { required int32 x = 1; }'),
      ),
    ).toEqual(['required field A.x removed']);
  });
});
