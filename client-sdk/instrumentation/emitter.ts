// Namespaced events (`consumer.crash`, ...) as KafkaJS emits them. A payload is built only when
// someone listens, so events cost nothing on the hot path otherwise. `Payloads` maps each event
// name to its payload type, so listeners and emitters are checked against it.
import { MinibrokerInvalidArgumentError } from '../errors.js';

export interface InstrumentationEvent<T = unknown> {
  id: number;
  type: string;
  timestamp: number;
  payload: T;
}

export type EventListener<T = unknown> = (event: InstrumentationEvent<T>) => void;
export type RemoveListener = () => void;

let nextId = 0;

export class InstrumentationEmitter<Payloads extends object> {
  private readonly listeners = new Map<string, Set<EventListener>>();

  constructor(private readonly known: readonly string[]) {}

  on<K extends keyof Payloads & string>(type: K, listener: EventListener<Payloads[K]>): RemoveListener {
    if (!this.known.includes(type)) {
      throw new MinibrokerInvalidArgumentError(`unknown event "${type}"; expected one of ${this.known.join(', ')}`);
    }
    let set = this.listeners.get(type);
    if (!set) this.listeners.set(type, (set = new Set()));
    set.add(listener as EventListener);
    return () => void set.delete(listener as EventListener);
  }

  hasListeners(type: keyof Payloads & string): boolean {
    return (this.listeners.get(type)?.size ?? 0) > 0;
  }

  /** `payload` may be a function, called only when there are listeners. */
  emit<K extends keyof Payloads & string>(type: K, payload: Payloads[K] | (() => Payloads[K])): void {
    const set = this.listeners.get(type);
    if (!set || set.size === 0) return;
    const value = typeof payload === 'function' ? (payload as () => Payloads[K])() : payload;
    const event: InstrumentationEvent<Payloads[K]> = { id: nextId++, type, timestamp: Date.now(), payload: value };
    for (const listener of [...set]) {
      try {
        listener(event);
      } catch {
        // A failing listener must not break the client's own work.
      }
    }
  }

  removeAll(): void {
    this.listeners.clear();
  }
}
