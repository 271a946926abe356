// The errors of the schema registry, as Confluent's clients expect them: an HTTP status and a
// body `{ error_code, message }` whose code is the status followed by a two-digit detail.
export class RegistryError extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }

  /** 40401 → 404, 42201 → 422, 409 → 409. */
  get httpStatus(): number {
    return this.errorCode >= 1000 ? Math.floor(this.errorCode / 100) : this.errorCode;
  }

  toJSON(): { error_code: number; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }
}

export const subjectNotFound = (subject: string) => new RegistryError(40401, `Subject '${subject}' not found.`);
export const versionNotFound = (subject: string, version: number | string) =>
  new RegistryError(40402, `Version ${version} not found for subject '${subject}'.`);
export const schemaNotFound = (detail = 'Schema not found') => new RegistryError(40403, detail);
export const subjectSoftDeleted = (subject: string) =>
  new RegistryError(40404, `Subject '${subject}' was soft deleted. Set permanent=true to delete permanently`);
export const subjectNotSoftDeleted = (subject: string) =>
  new RegistryError(40405, `Subject '${subject}' was not deleted first before being permanently deleted`);
export const versionSoftDeleted = (subject: string, version: number) =>
  new RegistryError(
    40406,
    `Subject '${subject}' Version ${version} was soft deleted. Set permanent=true to delete permanently`,
  );
export const versionNotSoftDeleted = (subject: string, version: number) =>
  new RegistryError(
    40407,
    `Subject '${subject}' Version ${version} was not deleted first before being permanently deleted`,
  );
export const compatibilityNotConfigured = (subject: string) =>
  new RegistryError(40408, `Subject '${subject}' does not have subject-level compatibility configured`);
export const modeNotConfigured = (subject: string) =>
  new RegistryError(40409, `Subject '${subject}' does not have subject-level mode configured`);
export const invalidSchema = (detail: string) => new RegistryError(42201, `Invalid schema: ${detail}`);
export const invalidVersion = (version: string) =>
  new RegistryError(
    42202,
    `The specified version '${version}' is not a valid version id. Allowed values are between [1, 2^31-1] and the string "latest"`,
  );
export const invalidCompatibilityLevel = (level: unknown) =>
  new RegistryError(
    42203,
    `Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive, forward_transitive, and full_transitive (got ${JSON.stringify(level)})`,
  );
export const invalidMode = (mode: unknown) =>
  new RegistryError(
    42204,
    `Invalid mode. Valid values are READWRITE, READONLY and IMPORT (got ${JSON.stringify(mode)})`,
  );
export const operationNotPermitted = (detail: string) => new RegistryError(42205, detail);
export const referenceExists = (detail: string) => new RegistryError(42206, detail);
export const incompatibleSchema = (subject: string, messages: readonly string[]) =>
  new RegistryError(
    409,
    `Schema being registered is incompatible with an earlier schema for subject "${subject}", details: [${messages.join(', ')}]`,
  );
export const badRequest = (detail: string) => new RegistryError(400, detail);
