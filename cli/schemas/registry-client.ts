// The CLI's client of a schema registry (the broker's, or any Confluent-compatible one): JSON over
// HTTP with the registry's content type; a registry error becomes one CliError line.
import type { Command } from 'commander';
import { CliError } from '../errors.js';

/** The broker's admin port when started by `minibroker start`, where its registry lives. */
export const DEFAULT_REGISTRY_URL = 'http://127.0.0.1:8080';
const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const TIMEOUT_MS = 10_000;

export interface RegistryOptions {
  schemaRegistry: string;
}

/** Adds --schema-registry <url> (env MINIBROKER_SCHEMA_REGISTRY_URL). */
export function withRegistryOption(command: Command): Command {
  return command.option(
    '--schema-registry <url>',
    `the schema registry (env MINIBROKER_SCHEMA_REGISTRY_URL; the broker serves one on its admin port)`,
    process.env.MINIBROKER_SCHEMA_REGISTRY_URL || DEFAULT_REGISTRY_URL,
  );
}

export class RegistryClient {
  private readonly base: string;

  constructor(url: string) {
    this.base = url.replace(/\/+$/, '');
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.base + path, {
        method,
        headers: { 'content-type': CONTENT_TYPE, accept: CONTENT_TYPE },
        signal: AbortSignal.timeout(TIMEOUT_MS),
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (error) {
      const cause =
        error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      throw new CliError(
        `cannot reach the schema registry at ${this.base} (${cause}); is the broker's admin server running? (set --schema-registry or MINIBROKER_SCHEMA_REGISTRY_URL)`,
      );
    }
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      const { error_code: code, message } = (parsed ?? {}) as { error_code?: number; message?: string };
      throw new CliError(`schema registry: ${message ?? text} (error ${code ?? response.status})`);
    }
    return (parsed ?? text) as T;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
