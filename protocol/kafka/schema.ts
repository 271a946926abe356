// The shape of a Kafka message definition as the generated codecs hold it (protocol/kafka/generated/,
// written by scripts/generate-kafka-codecs.ts): each field with the versions it exists in. The
// codec (./codec.ts) reads and writes any version of a message by walking this description.

/** Inclusive [first, last] version. */
export type VersionRange = readonly [number, number];

export type PrimitiveType = 'int8' | 'int16' | 'int32' | 'int64' | 'bool' | 'string' | 'bytes' | 'records' | 'uuid';

export interface FieldSpec {
  /** camelCase, as the generated interfaces name it. */
  readonly name: string;
  readonly type: PrimitiveType | 'struct';
  readonly array: boolean;
  readonly versions: VersionRange;
  readonly nullableVersions?: VersionRange;
  /** A tagged field (flexible versions only): its tag and the versions it is tagged in. */
  readonly tag?: number;
  readonly taggedVersions?: VersionRange;
  /** The value when the field is absent in a version (numbers, booleans, strings; null for nullable). */
  readonly default?: number | boolean | string | null;
  /** A struct's (or an array of structs') fields. */
  readonly fields?: readonly FieldSpec[];
}

export interface MessageSpec {
  readonly name: string;
  readonly apiKey: number;
  /** The versions generated (those the broker implements). */
  readonly versions: VersionRange;
  /** From which version on compact encodings and tagged fields are used; null when never. */
  readonly flexibleFrom: number | null;
  readonly fields: readonly FieldSpec[];
}

export const inRange = (version: number, range: VersionRange | undefined): boolean =>
  range !== undefined && version >= range[0] && version <= range[1];

/** A Kafka record set as it goes out: one buffer, or several sent back to back without a copy. */
export type OutgoingRecords = Uint8Array | readonly Uint8Array[] | null;
