// Latency seen by a well-behaved client. Requests go out on a fixed schedule whatever the
// answers do (open loop), and each latency runs from its scheduled send time, so a broker that
// stalls for a second delays every request due in that second, not just one.
import { RawConnection } from './raw-connection.js';

export const PROBE_TOPIC = 'chaos-probe';

/** The p-th percentile (0..100) of the samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

/**
 * Sends `count` requests, one every `intervalMs`, alternating a Fetch of the probe topic and a
 * Metadata request, on one fresh connection. A request unanswered `giveUpMs` after the last one
 * was due counts with the time it had waited. Returns milliseconds per request.
 */
export async function probeLatencies(
  port: number,
  count: number,
  intervalMs = 5,
  giveUpMs = 120_000,
): Promise<number[]> {
  const connection = await RawConnection.connect(port);
  const samples: number[] = [];
  const answers: Promise<void>[] = [];
  const start = nowMs();
  try {
    for (let i = 0; i < count; i++) {
      const due = start + i * intervalMs;
      const wait = due - nowMs();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      const request =
        i % 2 === 0
          ? connection.request('Fetch', {
              maxWaitMs: 0,
              minBytes: 0,
              maxBytes: 4096,
              topics: [{ name: PROBE_TOPIC, partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 4096 }] }],
            })
          : connection.request('Metadata', { topics: [PROBE_TOPIC] });
      answers.push(
        request.then(
          () => void samples.push(nowMs() - due),
          () => void samples.push(nowMs() - due),
        ),
      );
    }
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([Promise.all(answers), new Promise((resolve) => (timer = setTimeout(resolve, giveUpMs)))]);
    clearTimeout(timer);
    const end = nowMs();
    for (let i = samples.length; i < count; i++) samples.push(end - (start + i * intervalMs));
  } finally {
    connection.destroy();
  }
  return samples;
}
