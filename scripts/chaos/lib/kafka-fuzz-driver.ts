// Sends fuzzed Kafka frames over a few parallel connections. Every `syncEvery` frames a
// connection sends a valid ApiVersions and waits for its answer (a connection the broker closed,
// as it does after a malformed request, is replaced first). A sync left unanswered ends the run.
import { KAFKA_FRAME_KINDS, KafkaFrameFuzzer, type KafkaFrameKind } from './kafka-fuzz-frames.js';
import { KafkaRawClient } from './kafka-raw-connection.js';

export interface KafkaFuzzOptions {
  port: number;
  frames: number;
  seed: number;
  connections?: number;
  syncEvery?: number;
  syncTimeoutMs?: number;
}

export interface KafkaFuzzStats {
  sent: number;
  byKind: Record<KafkaFrameKind, number>;
  closedByBroker: number;
  syncsAnswered: number;
  syncsUnanswered: number;
}

export async function sendFuzzedKafkaFrames(options: KafkaFuzzOptions): Promise<KafkaFuzzStats> {
  const { port, frames, connections = 4, syncEvery = 200, syncTimeoutMs = 30_000 } = options;
  const fuzzer = new KafkaFrameFuzzer(options.seed);
  const stats: KafkaFuzzStats = {
    sent: 0,
    byKind: Object.fromEntries(KAFKA_FRAME_KINDS.map((k) => [k, 0])) as Record<KafkaFrameKind, number>,
    closedByBroker: 0,
    syncsAnswered: 0,
    syncsUnanswered: 0,
  };
  let aborted = false;
  const draw = () => (stats.sent < frames && !aborted ? (stats.sent++, fuzzer.next()) : undefined);

  const worker = async () => {
    let client = await KafkaRawClient.connect(port);
    let open = true;
    const watch = (c: KafkaRawClient) => void c.closed.then(() => (c === client ? (open = false) : undefined));
    watch(client);
    const reconnect = async () => {
      client = await KafkaRawClient.connect(port);
      open = true;
      watch(client);
    };
    let sinceSync = 0;
    try {
      for (let frame = draw(); frame; frame = draw()) {
        stats.byKind[frame.kind]++;
        if (!open) {
          stats.closedByBroker++;
          await reconnect();
        }
        client.write(frame.bytes);
        if (++sinceSync >= syncEvery || stats.sent >= frames) {
          sinceSync = 0;
          // Whatever garbage came before, a fresh connection must be answered promptly.
          client.destroy();
          await reconnect();
          let timer: NodeJS.Timeout | undefined;
          const answered = await Promise.race([
            client
              .request('ApiVersions', 3, { clientSoftwareName: 'sync', clientSoftwareVersion: '1' })
              .then(() => true),
            new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), syncTimeoutMs))),
          ]);
          clearTimeout(timer);
          if (answered) stats.syncsAnswered++;
          else {
            stats.syncsUnanswered++;
            aborted = true;
          }
        }
      }
    } finally {
      client.destroy();
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  return stats;
}
