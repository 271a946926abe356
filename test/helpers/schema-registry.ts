// Calls the broker's schema registry over HTTP the way Confluent's clients do (their content type).
import { expect } from 'vitest';

export interface RegistryReply {
  status: number;
  contentType: string | null;
  body: unknown;
}

export function registryClient(baseUrl: string) {
  return async (method: string, path: string, body?: unknown): Promise<RegistryReply> => {
    const response = await fetch(baseUrl + path, {
      method,
      headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // A Protobuf schema's raw text is not JSON.
    }
    return { status: response.status, contentType: response.headers.get('content-type'), body: parsed };
  };
}

export const avroRecord = (name: string, fields: { name: string; type: unknown; default?: unknown }[]) => ({
  schema: JSON.stringify({ type: 'record', name, fields }),
});

/** Matches Confluent's error body with this code. */
export function confluentError(code: number): unknown {
  return expect.objectContaining({ error_code: code, message: expect.any(String) as unknown }) as unknown;
}
