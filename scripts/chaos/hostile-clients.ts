// Scenario: hostile clients against the built broker as its own process, one at a time — a
// client that pipelines large Fetches and never reads, slowloris connections trickling a frame,
// and a decompression-bomb-like request (a small Fetch frame declaring millions of empty topic
// entries). A well-behaved client's p99 latency, measured unloaded first in the same run, must
// stay within 2x while each is active.
import net from 'node:net';
import { Api } from '../../protocol/apis.js';
import { encodeRequestFrame } from '../../protocol/envelope.js';
import { encodeFrame } from '../../protocol/framing.js';
import { messageType } from '../../protocol/schema.js';
import { Client } from '../../client-sdk/index.js';
import { ChaosBroker } from './lib/broker-process.js';
import { percentile, probeLatencies, PROBE_TOPIC } from './lib/latency.js';
import { mib, RssSampler } from './lib/rss.js';
import { pollUntil, sleep, type ScenarioResult } from './lib/scenario.js';

export interface HostileClientsOptions {
  probes: number;
  /** Empty topic entries in the bomb-like Fetch (2 bytes each on the wire). */
  bombEntries: number;
  /** Fetches the never-reading client pipelines. */
  pipelinedFetches?: number;
  /** Bytes stored in the topic those Fetches read (each Fetch may return all of it). */
  bigTopicBytes?: number;
  slowlorisConnections?: number;
  /** An unloaded p99 below this counts as this: on a shared machine, 2x of a sub-millisecond
   *  p99 is scheduler jitter, not a stall. */
  latencyFloorMs?: number;
}

const BIG_TOPIC = 'chaos-big';
const FETCH_BYTES = 50 * 1024 * 1024;

interface Attack {
  name: string;
  start(port: number): Promise<{ stop(): void; note?(): string }>;
}

export async function hostileClients(options: HostileClientsOptions): Promise<ScenarioResult> {
  const {
    probes,
    bombEntries,
    pipelinedFetches = 32,
    bigTopicBytes = 32 * 1024 * 1024,
    slowlorisConnections = 200,
    latencyFloorMs = 5,
  } = options;
  const broker = await ChaosBroker.start();
  const rss = new RssSampler(broker.pid!, 50);
  try {
    await fillTopics(broker.brokers, bigTopicBytes);
    await probeLatencies(broker.port, 400); // warm-up, and time for the fill's checkpoint
    const unloaded = percentile(await probeLatencies(broker.port, probes), 99);
    const limit = 2 * Math.max(unloaded, latencyFloorMs);
    const lines: string[] = [`unloaded p99 ${unloaded.toFixed(2)} ms (limit ${limit.toFixed(2)} ms)`];
    let ok = true;
    for (const attack of attacks(pipelinedFetches, slowlorisConnections, bombEntries)) {
      rss.peak = 0;
      const active = await attack.start(broker.port);
      const p99 = percentile(await probeLatencies(broker.port, probes), 99);
      const note = active.note?.() ?? '';
      active.stop();
      // The next attack starts from a broker that answers promptly again, for a whole window.
      await pollUntil(async () => percentile(await probeLatencies(broker.port, 200), 99) <= limit, 180_000, 100);
      const passed = p99 <= limit && broker.running;
      ok &&= passed;
      lines.push(
        `${passed ? 'ok' : 'FAIL'} ${attack.name}: p99 ${p99.toFixed(2)} ms (${(p99 / unloaded).toFixed(1)}x), broker RSS peak ${mib(rss.peak)}${note}`,
      );
    }
    ok &&= broker.unexpectedExits.length === 0;
    return { ok, figures: lines.join('\n    ') };
  } finally {
    rss.stop();
    await broker.stop();
  }
}

/** The probe topic, and a topic large enough that each pipelined Fetch returns many MiB. */
async function fillTopics(brokers: string[], bytes: number): Promise<void> {
  const client = new Client({ clientId: 'chaos-hostile', brokers, logLevel: 'nothing' });
  const producer = client.producer();
  await producer.connect();
  await producer.send({ topic: PROBE_TOPIC, messages: [{ value: 'probe' }] });
  const value = Buffer.alloc(256 * 1024, 7);
  for (let sent = 0; sent < bytes; sent += value.length)
    await producer.send({ topic: BIG_TOPIC, messages: [{ value }] });
  await producer.disconnect();
}

function connectRaw(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

function attacks(pipelinedFetches: number, slowlorisConnections: number, bombEntries: number): Attack[] {
  return [
    {
      name: `never-reading client (${pipelinedFetches} pipelined ${FETCH_BYTES / 1024 / 1024} MiB Fetches)`,
      async start(port) {
        const socket = await connectRaw(port);
        socket.pause(); // never reads: the broker's responses pile up in the socket and beyond
        socket.on('error', () => {});
        for (let i = 0; i < pipelinedFetches; i++) {
          socket.write(
            encodeRequestFrame(Api.Fetch, 0, i + 1, 'never-reads', {
              maxWaitMs: 0,
              minBytes: 0,
              maxBytes: FETCH_BYTES,
              topics: [
                { name: BIG_TOPIC, partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: FETCH_BYTES }] },
              ],
            }),
          );
        }
        return { stop: () => socket.destroy() };
      },
    },
    {
      name: `slowloris (${slowlorisConnections} connections trickling a frame, a byte a second each)`,
      async start(port) {
        const sockets = await Promise.all(Array.from({ length: slowlorisConnections }, () => connectRaw(port)));
        const header = Buffer.alloc(4);
        header.writeUInt32BE(1024 * 1024);
        for (const socket of sockets) {
          socket.on('error', () => {});
          socket.write(header);
        }
        const trickle = setInterval(() => sockets.forEach((s) => s.destroyed || s.write(Buffer.from([0]))), 1000);
        await sleep(200);
        return {
          stop: () => (clearInterval(trickle), sockets.forEach((s) => s.destroy())),
          note: () =>
            `, ${sockets.filter((s) => s.destroyed || s.readableEnded).length}/${sockets.length} closed by the broker`,
        };
      },
    },
    {
      name: `bomb-like Fetch (${bombEntries} empty topic entries in a ${mib(bombEntries * 2)} frame)`,
      async start(port) {
        const socket = await connectRaw(port);
        socket.on('error', () => {});
        // Field 4 (topics), length 0, repeated: each 2 bytes decode to one FetchTopic object.
        const body = Buffer.alloc(bombEntries * 2);
        for (let i = 0; i < body.length; i += 2) body[i] = 0x22;
        const requestFrame = messageType('RequestFrame')
          .encode({ apiKey: Api.Fetch.key, apiVersion: 0, correlationId: 1, clientId: 'bomb', body })
          .finish();
        await new Promise<void>((resolve) => socket.write(encodeFrame(requestFrame), () => resolve()));
        return { stop: () => socket.destroy() };
      },
    },
  ];
}
