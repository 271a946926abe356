// A task the broker runs on a timer (retention, producer expiry, summary saves, transaction
// timeouts). The timer is unref'd: a background pass never keeps the process alive.
export class PeriodicTask {
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly task: () => void) {}

  start(intervalMs: number): void {
    this.stop();
    this.timer = setInterval(this.task, intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
