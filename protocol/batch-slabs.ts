// Memory for record batches being built, cut from 1 MiB slabs as Buffer's pool does for small
// buffers, and slabs used again once every batch cut from them was released. Measured on the
// producer: a fresh ArrayBuffer per 16 KiB batch cost 5% of its CPU (allocation and page faults);
// fresh slabs, as external memory, still drove V8's full collections (six per million records
// produced, each 10–20 ms). Releasing is an optimisation: memory never released is collected with
// its slab as usual. Releasing too early is the danger: a batch is released only when nothing
// will read its bytes again (client-sdk/producer: answered or given up, and every socket write
// that carried it completed).

const SLAB_BYTES = 1024 * 1024;
/** Regions larger than this get memory of their own, never pooled. */
const MAX_REGION_BYTES = SLAB_BYTES / 8;
/** Free slabs kept for reuse; more than this are left to the garbage collector. */
const MAX_FREE_SLABS = 8;

class Slab {
  readonly buf = Buffer.allocUnsafeSlow(SLAB_BYTES);
  used = 0;
  /** Regions cut from this slab and not released. */
  live = 0;
  /** No longer the slab regions are cut from: free once `live` reaches 0. */
  retired = false;
}

const stats = { slabsMade: 0, slabsReused: 0 };
/** The slab regions are cut from; made at the first batch, so importing this costs no memory. */
let current: Slab | undefined;
const free: Slab[] = [];

function newSlab(): Slab {
  stats.slabsMade++;
  return new Slab();
}

/** A batch's memory: `buf`, and the slab to give it back to. */
export class BatchMemory {
  constructor(
    readonly buf: Buffer,
    private slab: Slab | undefined,
  ) {}

  /** Gives the memory back; `buf` must not be read or written afterwards. Once only; later calls do nothing. */
  release(): void {
    const slab = this.slab;
    if (!slab) return;
    this.slab = undefined;
    if (--slab.live === 0 && slab.retired && free.length < MAX_FREE_SLABS) free.push(resetSlab(slab));
  }
}

/** `size` bytes of memory, uninitialised. */
export function allocBatchMemory(size: number): BatchMemory {
  if (size > MAX_REGION_BYTES) return new BatchMemory(Buffer.allocUnsafe(size), undefined);
  if (!current || current.used + size > SLAB_BYTES) current = nextSlab(current);
  const slab = current;
  const buf = slab.buf.subarray(slab.used, slab.used + size);
  slab.used = (slab.used + size + 7) & ~7; // 8-byte aligned, as Buffer's pool keeps them
  slab.live++;
  return new BatchMemory(buf, slab);
}

/** Retires the full slab (free at once if no region of it is live) and takes a free or new one. */
function nextSlab(full: Slab | undefined): Slab {
  if (full) {
    full.retired = true;
    if (full.live === 0 && free.length < MAX_FREE_SLABS) free.push(resetSlab(full));
  }
  const reused = free.pop();
  if (reused) stats.slabsReused++;
  return reused ?? newSlab();
}

function resetSlab(slab: Slab): Slab {
  slab.used = 0;
  slab.retired = false;
  return slab;
}

/** Slabs made and slabs used again since the process started, and slabs free now (for tests). */
export function batchSlabStats(): { slabsMade: number; slabsReused: number; free: number } {
  return { ...stats, free: free.length };
}
