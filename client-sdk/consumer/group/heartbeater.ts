// The background heartbeat of a group member (KIP-62): a timer independent of the handlers, so
// a long handler keeps the member alive. The same tick watches two deadlines: a handler call
// running longer than maxPollInterval, and no successful heartbeat for a whole session.

export interface HeartbeaterOptions {
  heartbeatInterval: number;
  sessionTimeout: number;
  maxPollInterval: number;
}

export interface HeartbeaterHooks {
  /** Sends one heartbeat; true when the coordinator counted it. */
  beat(): Promise<boolean>;
  /** How long the longest handler call in progress has run (0 when none). */
  longestHandlerMs(): number;
  onPollTimeout(): void;
  onSessionExpired(): void;
}

export class Heartbeater {
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;
  private lastSentAt = 0;
  private lastOkAt = 0;
  private watchPoll = true;

  constructor(
    private readonly options: HeartbeaterOptions,
    private readonly hooks: HeartbeaterHooks,
  ) {}

  get isRunning(): boolean {
    return this.timer !== undefined;
  }

  /** `watchPoll` false while revoking: waiting for a handler to finish is expected then. */
  start(watchPoll = true): void {
    this.watchPoll = watchPoll;
    if (this.timer) return;
    this.lastOkAt = Date.now();
    this.schedule();
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  setWatchPoll(watchPoll: boolean): void {
    this.watchPoll = watchPoll;
  }

  /** For the handlers' heartbeat(): beats when an interval has passed since the last one. */
  async beatIfDue(): Promise<void> {
    if (!this.timer) return;
    if (Date.now() - this.lastSentAt >= this.options.heartbeatInterval) this.send();
    await this.inFlight;
  }

  private schedule(): void {
    this.timer = setTimeout(() => this.tick(), this.options.heartbeatInterval);
    this.timer.unref();
  }

  private tick(): void {
    if (!this.timer) return;
    this.schedule();
    const now = Date.now();
    if (this.watchPoll && this.hooks.longestHandlerMs() > this.options.maxPollInterval)
      return this.hooks.onPollTimeout();
    if (now - this.lastOkAt > this.options.sessionTimeout) return this.hooks.onSessionExpired();
    this.send();
  }

  private send(): void {
    if (this.inFlight) return;
    this.lastSentAt = Date.now();
    this.inFlight = this.hooks
      .beat()
      .then(
        (ok) => {
          if (ok) this.lastOkAt = Date.now();
        },
        () => undefined,
      )
      .finally(() => (this.inFlight = undefined));
  }
}
