// A reusable wake-up: wait() resolves at the next notify(); subscribe() can be cancelled, so
// racing it against a request leaves nothing behind.
export class Signal {
  private readonly waiters = new Set<() => void>();

  wait(): Promise<void> {
    return new Promise<void>((resolve) => void this.subscribe(resolve));
  }

  /** Calls `wake` once at the next notify(); returns a cancel function. */
  subscribe(wake: () => void): () => void {
    this.waiters.add(wake);
    return () => void this.waiters.delete(wake);
  }

  notify(): void {
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}
