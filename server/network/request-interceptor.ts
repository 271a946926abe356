// An optional hook around every handler call, for fault injection in tests (minibroker/testing):
// it may answer instead of the handler, hold the response back, or just watch. The broker
// installs none unless asked, and then the dispatcher calls the handler directly.
import type { ApiHandlerName, ConnectionInfo } from '../handlers/context.js';

export interface InterceptedRequest {
  readonly api: ApiHandlerName;
  /** The decoded request body. */
  readonly request: object;
  readonly connection: ConnectionInfo;
}

/**
 * Returns the response to send (undefined: none). `next()` runs the real handler; not calling it
 * answers in its place. The response must be the API's response shape. Call next() before
 * awaiting anything, so requests still start in arrival order.
 */
export type RequestInterceptor = (
  call: InterceptedRequest,
  next: () => Promise<object | undefined>,
) => Promise<object | undefined>;
