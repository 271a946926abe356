// Sends fuzzed frames to a broker over a few parallel connections. Every `syncEvery` frames a
// connection sends a valid ApiVersions request and waits for its answer, so the broker is
// proven responsive throughout and nothing piles up unread. A connection the broker closes
// (as it may after garbage) is replaced. A sync left unanswered ends the run: the broker hangs.
import { FRAME_KINDS, FrameFuzzer, type FrameKind } from './fuzz-frames.js';
import { RawConnection } from './raw-connection.js';

export interface FuzzOptions {
  port: number;
  frames: number;
  seed: number;
  connections?: number;
  syncEvery?: number;
  /** Longest wait for a sync answer before the broker counts as unresponsive. */
  syncTimeoutMs?: number;
}

export interface FuzzStats {
  sent: number;
  byKind: Record<FrameKind, number>;
  /** Connections the broker closed (replaced by new ones). */
  closedByBroker: number;
  /** Sync requests answered in time, and the ones that were not. */
  syncsAnswered: number;
  syncsUnanswered: number;
  /** Set when the run stopped early because the broker stopped answering. */
  abortedAfter?: number;
}

export async function sendFuzzedFrames(options: FuzzOptions): Promise<FuzzStats> {
  const { port, frames, connections = 4, syncEvery = 500, syncTimeoutMs = 30_000 } = options;
  const fuzzer = new FrameFuzzer(options.seed);
  const stats: FuzzStats = {
    sent: 0,
    byKind: Object.fromEntries(FRAME_KINDS.map((k) => [k, 0])) as Record<FrameKind, number>,
    closedByBroker: 0,
    syncsAnswered: 0,
    syncsUnanswered: 0,
  };
  // Frames are drawn in one order from one generator, so a seed gives one sequence.
  const draw = () =>
    stats.sent < frames && stats.abortedAfter === undefined ? (stats.sent++, fuzzer.next()) : undefined;
  const open = new Set<RawConnection>();
  const connect = async () => {
    const connection = await RawConnection.connect(port);
    open.add(connection);
    void connection.closed.then(() => open.delete(connection));
    return connection;
  };
  const abort = () => {
    stats.abortedAfter ??= stats.sent;
    for (const connection of open) connection.destroy();
  };

  const worker = async () => {
    let connection = await connect();
    let sinceSync = 0;
    try {
      for (let frame = draw(); frame; frame = draw()) {
        stats.byKind[frame.kind]++;
        if (frame.kind === 'bad-prefix') {
          await sendOnThrowawayConnection(port, frame.bytes);
          continue;
        }
        if (connection.isClosed) {
          stats.closedByBroker++;
          connection = await connect();
        }
        await connection.write(frame.bytes);
        if (++sinceSync >= syncEvery) {
          sinceSync = 0;
          connection = await sync(connection);
        }
      }
      if (stats.abortedAfter === undefined) await sync(connection);
    } finally {
      connection.destroy();
    }
  };

  /** A valid request answered within the timeout; on a connection the broker closed, on a new one. */
  const sync = async (connection: RawConnection): Promise<RawConnection> => {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (stats.abortedAfter !== undefined) return connection;
      if (connection.isClosed) {
        stats.closedByBroker++;
        connection = await connect();
      }
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<'timeout'>(
        (resolve) => (timer = setTimeout(() => resolve('timeout'), syncTimeoutMs)),
      );
      // Any answer on the sync's correlation id proves the broker alive, an envelope error too.
      const answer = await Promise.race([
        connection.request('ApiVersions', {}).then(
          () => 'ok' as const,
          () => (connection.isClosed ? ('closed' as const) : ('ok' as const)),
        ),
        timeout,
      ]);
      clearTimeout(timer);
      if (answer === 'ok') {
        stats.syncsAnswered++;
        return connection;
      }
      if (answer === 'timeout') {
        stats.syncsUnanswered++;
        abort();
        return connection;
      }
      // Closed: garbage sent before the sync made the broker drop the connection; retry once.
    }
    stats.syncsUnanswered++;
    return connection;
  };

  await Promise.all(Array.from({ length: connections }, worker));
  return stats;
}

async function sendOnThrowawayConnection(port: number, bytes: Buffer): Promise<void> {
  const connection = await RawConnection.connect(port);
  await connection.write(bytes);
  connection.destroy();
}

/** True when the broker answers ApiVersions and Metadata on a fresh connection within the timeout. */
export async function answersValidRequest(port: number, timeoutMs = 30_000): Promise<boolean> {
  let connection: RawConnection | undefined;
  let timer: NodeJS.Timeout | undefined;
  const answered = (async () => {
    connection = await RawConnection.connect(port);
    const versions = await connection.request('ApiVersions', {});
    const metadata = await connection.request('Metadata', { topics: [], allTopics: true });
    return versions.errorCode === 0 && metadata.brokers.length > 0;
  })();
  const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([answered.catch(() => false), timedOut]);
  } finally {
    clearTimeout(timer);
    connection?.destroy();
  }
}
