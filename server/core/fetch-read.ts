// One read pass of a Fetch over its partitions, done in steps within the pacer's allowance so the
// caller can give the event loop a turn between them. Each step reads whole batches within the
// room left: the partition's and the request's limits, and the connection's response budget.
import { ProtocolError } from '../../protocol/errors.js';
import { nextOffsetAfter, readBaseOffset } from '../../protocol/record-batch.js';
import type { PartitionLog } from './partition-log.js';
import type { ReadPacer } from './read-pacer.js';
import type { ResponseBudget } from './response-budget.js';

export interface PartitionFetch {
  topic: string;
  partition: number;
  offset: number;
  maxBytes: number;
  /** read_committed: stop at the last stable offset and report the aborted transactions read. */
  readCommitted?: boolean;
}

export interface PartitionFetchResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage?: string;
  highWatermark: number;
  logStartOffset: number;
  batches: Buffer[];
  lastStableOffset: number;
  abortedTransactions: { producerId: number; firstOffset: number }[];
}

/** Where the pass is inside the current partition. */
interface Cursor {
  offset: number;
  read: number;
  batches: Buffer[];
}

export class FetchRead {
  readonly results: PartitionFetchResult[] = [];
  /** Bytes read in this pass. */
  bytes = 0;
  /** Some partition answered with an error. */
  failed = false;
  /** Bytes this pass may read in all. */
  private readonly room: number;
  private cursor: Cursor | undefined;

  constructor(
    private readonly requests: readonly PartitionFetch[],
    private readonly logs: readonly (PartitionLog | ProtocolError)[],
    maxBytes: number,
    private readonly budget: ResponseBudget,
    private readonly pacer: ReadPacer,
  ) {
    // The whole room this pass may fill is held from the start: while it reads across turns, the
    // connection starts no request that would need that room (and then wait its turn holding nothing).
    this.room = Math.min(maxBytes, budget.available());
    budget.hold(this.room);
  }

  get done(): boolean {
    return this.results.length === this.requests.length;
  }

  /** Holds what was read instead of the room: call once the pass is done. */
  settle(): void {
    this.budget.hold(this.bytes);
  }

  /** Reads one step of the current partition (the pacer's allowance, at least one batch), or records its error. */
  step(): void {
    const i = this.results.length;
    const request = this.requests[i]!;
    const log = this.logs[i]!;
    if (log instanceof ProtocolError) return this.fail(request, log, -1, -1);
    const cursor = (this.cursor ??= { offset: request.offset, read: 0, batches: [] });
    try {
      if (this.readStep(log, request, cursor)) return;
    } catch (err) {
      if (!(err instanceof ProtocolError)) throw err;
      // Retention or a deletion moved the log between steps: keep what was read.
      if (cursor.batches.length === 0) return this.fail(request, err, log.logEndOffset, log.logStartOffset);
    }
    const lastStableOffset = log.lastStableOffset;
    this.finish({
      topic: request.topic,
      partition: request.partition,
      errorCode: 0,
      highWatermark: log.logEndOffset,
      logStartOffset: log.logStartOffset,
      batches: cursor.batches,
      lastStableOffset,
      abortedTransactions:
        request.readCommitted && cursor.batches.length > 0
          ? log.abortedTransactions(request.offset, cursor.offset)
          : [],
    });
  }

  /** True while the partition may have more to read. */
  private readStep(log: PartitionLog, request: PartitionFetch, cursor: Cursor): boolean {
    const room = Math.min(request.maxBytes - cursor.read, this.room - this.bytes);
    if (room <= 0) {
      if (cursor.batches.length === 0) log.checkOffset(cursor.offset);
      return false;
    }
    const limit = request.readCommitted ? log.lastStableOffset : Number.POSITIVE_INFINITY;
    if (cursor.offset >= limit) {
      if (cursor.batches.length === 0) log.checkOffset(cursor.offset);
      return false;
    }
    const read = log.read(cursor.offset, Math.min(room, Math.max(1, this.pacer.allowance)));
    const { batches, bytes } = request.readCommitted ? belowOffset(read.batches, limit) : read;
    // A partition gets at least one whole batch; after that, a batch that does not fit ends it.
    if (batches.length === 0 || (cursor.batches.length > 0 && bytes > room)) return false;
    for (const batch of batches) cursor.batches.push(batch);
    cursor.read += bytes;
    cursor.offset = nextOffsetAfter(batches[batches.length - 1]!);
    this.bytes += bytes;
    this.pacer.spend(bytes);
    return true;
  }

  private fail(request: PartitionFetch, err: ProtocolError, highWatermark: number, logStartOffset: number): void {
    this.failed = true;
    this.finish({
      topic: request.topic,
      partition: request.partition,
      errorCode: err.code,
      errorMessage: err.message,
      highWatermark,
      logStartOffset,
      batches: [],
      lastStableOffset: highWatermark,
      abortedTransactions: [],
    });
  }

  private finish(result: PartitionFetchResult): void {
    this.results.push(result);
    this.cursor = undefined;
  }
}

/** The batches that start below `limit` (a read_committed read stops at the last stable offset). */
function belowOffset(batches: Buffer[], limit: number): { batches: Buffer[]; bytes: number } {
  let n = 0;
  let bytes = 0;
  while (n < batches.length && readBaseOffset(batches[n]!) < limit) bytes += batches[n++]!.length;
  return { batches: n === batches.length ? batches : batches.slice(0, n), bytes };
}
