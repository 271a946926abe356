// A connection's requests awaiting their responses, by correlation id.
//
// A plain object, not a Map: every request joins and leaves it, and a long-lived Map that entries
// come and go from keeps the departed alive through young collections once a full collection has
// made one of its tables old (see protocol/handle-list.ts). Integer keys this sparse put the
// object in dictionary mode, whose outgrown tables link to nothing.
const emptyTable = <T>(): Record<number, T> => Object.create(null) as Record<number, T>;

export class InFlightRequests<T> {
  private byId = emptyTable<T>();
  private count = 0;

  add(correlationId: number, entry: T): void {
    if (this.byId[correlationId] === undefined) this.count++;
    this.byId[correlationId] = entry;
  }

  /** Removes and returns the entry, if it is still there. */
  take(correlationId: number): T | undefined {
    const entry = this.byId[correlationId];
    if (entry === undefined) return undefined;
    delete this.byId[correlationId];
    this.count--;
    return entry;
  }

  get size(): number {
    return this.count;
  }

  /** Removes every entry and returns them, in correlation id order. */
  takeAll(): T[] {
    const all = this.byId;
    this.byId = emptyTable<T>();
    this.count = 0;
    return Object.keys(all).map((id) => all[Number(id)]!);
  }
}
