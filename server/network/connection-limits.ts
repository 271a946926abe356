// Counts open connections, in total and per client address, and says whether one more may open.
export interface ConnectionLimitOptions {
  maxConnections: number;
  maxConnectionsPerIp: number;
}

export class ConnectionLimits {
  private total = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly options: ConnectionLimitOptions) {}

  /** Counts the connection and returns undefined, or returns why it is refused (and counts nothing). */
  admit(address: string): string | undefined {
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (this.total >= this.options.maxConnections)
      return `the broker has reached maxConnections (${this.options.maxConnections})`;
    if (fromAddress >= this.options.maxConnectionsPerIp) {
      return `${address} has reached maxConnectionsPerIp (${this.options.maxConnectionsPerIp})`;
    }
    this.total++;
    this.perAddress.set(address, fromAddress + 1);
    return undefined;
  }

  /** Forgets an admitted connection. */
  release(address: string): void {
    this.total--;
    const left = (this.perAddress.get(address) ?? 1) - 1;
    if (left > 0) this.perAddress.set(address, left);
    else this.perAddress.delete(address);
  }

  get open(): number {
    return this.total;
  }
}
