// The one poll-until helper of the tests: for conditions no event announces (a socket closing,
// a client's internal state). Waits on the broker's own state go through the testing kit's
// event-driven waits (broker.waitFor…) instead.

/**
 * Calls `check` until it returns a value (anything but undefined or false), pausing `intervalMs`
 * between calls; throws once `timeoutMs` has passed without one.
 */
export async function pollUntil<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5000,
  intervalMs = 2,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
