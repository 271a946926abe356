// One warning line per interval for a repeated event (refused connections, closed slow
// clients), so a flood of them cannot flood the log: the next line says how many were left out.
import type { Logger } from './logger.js';

export class RateLimitedLog {
  private lastLoggedAt = -Infinity;
  private suppressed = 0;

  constructor(
    private readonly log: Logger,
    private readonly intervalMs = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Logs at warn level unless a line was logged less than intervalMs ago. */
  warn(fields: Record<string, unknown>, message: string): void {
    const now = this.now();
    if (now - this.lastLoggedAt < this.intervalMs) {
      this.suppressed++;
      return;
    }
    const extra = this.suppressed > 0 ? { suppressedSinceLastLine: this.suppressed } : {};
    this.log.warn({ ...fields, ...extra }, message);
    this.lastLoggedAt = now;
    this.suppressed = 0;
  }
}
