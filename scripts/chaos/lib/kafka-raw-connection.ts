// A raw Kafka-protocol client (chaos runs and tests): encodes requests with the generated codecs, matches
// responses by correlation id, and can send arbitrary bytes (malformed frames).
import net from 'node:net';
import { decodeMessage, encodeMessage, KafkaReader, KafkaWriter } from '../../../protocol/kafka/codec.js';
import { kafkaApis } from '../../../protocol/kafka/generated/index.js';
import { FrameDecoder } from '../../../protocol/framing.js';

type KafkaApiName = keyof typeof kafkaApis;

const flexible = (name: KafkaApiName, version: number) => {
  const from = kafkaApis[name].request.flexibleFrom;
  return from !== null && version >= from;
};

/** A request frame: header v1 (v2 for flexible versions), then the body. */
export function kafkaRequestFrame(
  name: KafkaApiName,
  version: number,
  correlationId: number,
  body: object,
  clientId = 'raw-kafka',
): Buffer {
  const w = new KafkaWriter();
  w.int16(kafkaApis[name].key);
  w.int16(version);
  w.int32(correlationId);
  const id = Buffer.from(clientId);
  w.int16(id.length);
  w.bytes(id);
  if (flexible(name, version)) w.uvarint(0);
  encodeMessage(kafkaApis[name].request, version, body, w);
  return withSize(Buffer.concat(w.finish()));
}

export function withSize(body: Buffer): Buffer {
  const size = Buffer.alloc(4);
  size.writeInt32BE(body.length);
  return Buffer.concat([size, body]);
}

export class KafkaRawClient {
  private readonly decoder = new FrameDecoder(Number.MAX_SAFE_INTEGER);
  private readonly pending = new Map<number, (body: Buffer) => void>();
  private nextCorrelationId = 1;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      for (const frame of this.decoder.push(chunk)) {
        const correlationId = frame.readInt32BE(0);
        const resolve = this.pending.get(correlationId);
        this.pending.delete(correlationId);
        resolve?.(frame.subarray(4));
      }
    });
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static connect(port: number, host = '127.0.0.1'): Promise<KafkaRawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port, host }, () => resolve(new KafkaRawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends a request; resolves with the response after its correlation id (tagged header fields included). */
  sendRaw(frame: Buffer, correlationId: number): Promise<Buffer> {
    const response = new Promise<Buffer>((resolve) => this.pending.set(correlationId, resolve));
    this.socket.write(frame);
    return response;
  }

  write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  async request<T>(name: KafkaApiName, version: number, body: object): Promise<T> {
    const correlationId = this.nextCorrelationId++;
    const response = await this.sendRaw(kafkaRequestFrame(name, version, correlationId, body), correlationId);
    const reader = new KafkaReader(response);
    // The response header has tagged fields for flexible versions, except ApiVersions' (always v0).
    if (name !== 'ApiVersions' && flexible(name, version)) reader.uvarint();
    return decodeMessage<T>(kafkaApis[name].response, version, reader);
  }

  destroy(): void {
    this.socket.destroy();
  }
}
