// The bytes of one connection's responses that the broker holds: written to the socket but not
// yet flushed to the kernel, plus those being prepared for requests in flight (a Fetch's reads).
// Over the limit, the connection starts no more requests until the socket drains.
import type { ResponseBudget } from '../core/response-budget.js';

export class ResponseBytes {
  private queued = 0;
  private held = 0;
  /** The most ever held at once, for stats. */
  peak = 0;

  constructor(readonly limit: number) {}

  /** Queued plus held. */
  get total(): number {
    return this.queued + this.held;
  }

  get full(): boolean {
    return this.total >= this.limit;
  }

  /** A budget for one request's response; release it when the response is built. */
  forRequest(): RequestResponseBudget {
    return new RequestResponseBudget(this);
  }

  queue(bytes: number): void {
    this.queued += bytes;
    this.notePeak();
  }

  flushed(bytes: number): void {
    this.queued -= bytes;
  }

  /** @internal for RequestResponseBudget */
  changeHeld(delta: number): void {
    this.held += delta;
    this.notePeak();
  }

  private notePeak(): void {
    if (this.total > this.peak) this.peak = this.total;
  }
}

export class RequestResponseBudget implements ResponseBudget {
  private bytes = 0;

  constructor(private readonly owner: ResponseBytes) {}

  available(): number {
    return Math.max(0, this.owner.limit - (this.owner.total - this.bytes));
  }

  hold(bytes: number): void {
    this.owner.changeHeld(bytes - this.bytes);
    this.bytes = bytes;
  }

  release(): void {
    this.hold(0);
  }
}
