// A list for long-lived registries that entries keep joining and leaving: a producer's sends in
// progress, a partition's append listeners, the broker's parked fetches.
//
// Not a Map or Set. V8 links a Map's or Set's outgrown hash table to the table that replaces it
// (for live iterators), and a long-lived Set that entries come and go from is rehashed every few
// hundred changes. Once a full collection has moved one of its tables to the old generation, that
// dead table keeps the next one alive through every young collection, that one the next, and each
// the entries it held: everything that passed through the registry is promoted until the next
// full collection. Measured in the producer at 20,000 one-record sends a second: while it lasted,
// 1.1 MB promoted per young collection (0.05-0.1 MB before the first full collection), young
// pauses of 2-4 ms instead of 0.6-1, and a full collection every second or so. An array with
// swap-removal never points from an old backing store to a newer one.

/** Where a value sits in its list; `remove` takes it. */
export interface ListHandle {
  /** @internal -1 once removed. */
  index: number;
}

export class HandleList<T> {
  private readonly values: T[] = [];
  private readonly handles: ListHandle[] = [];

  add(value: T): ListHandle {
    const handle: ListHandle = { index: this.values.length };
    this.values.push(value);
    this.handles.push(handle);
    return handle;
  }

  /** Removes the value `handle` came with; false when it was removed already. Order is not kept. */
  remove(handle: ListHandle): boolean {
    const index = handle.index;
    if (index < 0) return false;
    handle.index = -1;
    const lastValue = this.values.pop()!;
    const lastHandle = this.handles.pop()!;
    if (lastHandle !== handle) {
      this.values[index] = lastValue;
      this.handles[index] = lastHandle;
      lastHandle.index = index;
    }
    return true;
  }

  /** Removes every value. */
  clear(): void {
    for (const handle of this.handles) handle.index = -1;
    this.values.length = 0;
    this.handles.length = 0;
  }

  get size(): number {
    return this.values.length;
  }

  /** The values now, in a new array: safe to iterate while entries are removed. */
  snapshot(): T[] {
    return this.values.slice();
  }
}
