// Small translations shared by the group handlers: the client host of a connection and the
// proto3 optional strings the coordinator wants as string | null.
import type { ConnectionInfo } from '../context.js';

/** The connection's IP as Kafka reports it ("/127.0.0.1"): remoteAddress is "ip:port". */
export function clientHost(connection: ConnectionInfo): string {
  const address = connection.remoteAddress;
  const colon = address.lastIndexOf(':');
  return `/${colon > 0 ? address.slice(0, colon) : address}`;
}

/** Absent (undefined or null) stays null; the coordinator tells absent from "" apart. */
export function optional(value: string | null | undefined): string | null {
  return value ?? null;
}
