// The message browser's paging cursor: where each partition's next page starts, opaque to the
// client (base64url JSON). It comes back from the network, so decoding checks every field.

/** forward: pages move towards the log end; backward: pages move towards the log start (newest first). */
export type Direction = 'forward' | 'backward';

export interface Cursor {
  direction: Direction;
  /**
   * Per partition: forward, the next offset to read; backward, the offset just above the next
   * record to read (records below it come next).
   */
  positions: Map<number, number>;
}

// A request line is at most 16 KiB in Node (its default maxHeaderSize), so a longer cursor could not come back.
const MAX_CURSOR_CHARS = 16_384;

export function encodeCursor(cursor: Cursor): string {
  const body = { d: cursor.direction === 'forward' ? 'f' : 'b', p: [...cursor.positions] };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** The cursor, or a message saying what is wrong with it. */
export function decodeCursor(text: string): Cursor | string {
  if (text.length > MAX_CURSOR_CHARS || !/^[A-Za-z0-9_-]+$/.test(text)) return 'is not a cursor this broker gave';
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return 'is not a cursor this broker gave';
  }
  if (typeof body !== 'object' || body === null) return 'is not a cursor this broker gave';
  const { d, p } = body as { d?: unknown; p?: unknown };
  if ((d !== 'f' && d !== 'b') || !Array.isArray(p) || p.length === 0) return 'is not a cursor this broker gave';
  const positions = new Map<number, number>();
  for (const entry of p as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 2) return 'has a malformed position';
    const [partition, offset] = entry as unknown[];
    if (!isNonNegativeInt(partition) || !isNonNegativeInt(offset)) return 'has a malformed position';
    if (positions.has(partition)) return 'names a partition twice';
    positions.set(partition, offset);
  }
  return { direction: d === 'f' ? 'forward' : 'backward', positions };
}

function isNonNegativeInt(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}
