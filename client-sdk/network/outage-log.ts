// Says once that a broker went away and once that it is back, however many reconnect attempts
// happen in between (those are debug lines), so a restarting broker costs two log lines.
import type { Logger } from '../logger.js';

export class OutageLog {
  /** Broker address → when it was first found unreachable. */
  private readonly down = new Map<string, number>();

  constructor(private readonly logger: Logger) {}

  unreachable(address: string, error: Error): void {
    if (this.down.has(address)) return;
    this.down.set(address, Date.now());
    this.logger.warn({ broker: address, error: error.message }, 'broker unreachable; reconnecting in the background');
  }

  reachable(address: string): void {
    const since = this.down.get(address);
    if (since === undefined) return;
    this.down.delete(address);
    this.logger.info({ broker: address, unreachableMs: Date.now() - since }, 'broker reachable again');
  }
}
