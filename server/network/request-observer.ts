// An optional hook told of every request after it is answered (the admin server's metrics). The
// broker installs none unless metrics are on, and then the dispatcher measures nothing.

export interface ObservedRequest {
  /** The API name, or 'unknown' when the frame could not be matched to one. */
  readonly api: string;
  /** The envelope's error code, else the response's first non-zero one (0 = success). */
  readonly errorCode: number;
  readonly durationSeconds: number;
  readonly bytesIn: number;
  /** 0 when nothing was sent (acks=0). */
  readonly bytesOut: number;
}

export type RequestObserver = (request: ObservedRequest) => void;

/** The first non-zero `errorCode` in a response: top level, then per item a few levels down. */
export function firstErrorCode(value: unknown, depth = 3): number {
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return 0;
  const own = (value as { errorCode?: unknown }).errorCode;
  if (typeof own === 'number' && own !== 0) return own;
  if (depth === 0) return 0;
  for (const child of Object.values(value)) {
    if (!Array.isArray(child)) continue;
    for (const item of child) {
      const code = firstErrorCode(item, depth - 1);
      if (code !== 0) return code;
    }
  }
  return 0;
}
