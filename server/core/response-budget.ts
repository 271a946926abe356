// How much one response may still take: the network layer bounds the bytes each connection has
// queued or in preparation, and a Fetch reads no more than its connection has room for.

export interface ResponseBudget {
  /** Bytes this response may hold now (0: none; at least one batch is read while there is room). */
  available(): number;
  /** Records that this response now holds `bytes` (replacing the previous figure). */
  hold(bytes: number): void;
}

/** No bound: for callers outside a connection (tests, tools). */
export const UNBOUNDED_RESPONSE_BUDGET: ResponseBudget = { available: () => Number.MAX_SAFE_INTEGER, hold: () => {} };
