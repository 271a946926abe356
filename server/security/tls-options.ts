// The broker's TLS settings from PEM files: a certificate and key, and optionally a CA whose
// signature every client certificate must carry (mutual TLS).
import { readFileSync } from 'node:fs';
import type { TlsOptions } from 'node:tls';

export interface TlsFiles {
  tlsCert: string | null;
  tlsKey: string | null;
  tlsCa: string | null;
}

export function loadTlsOptions(files: TlsFiles): TlsOptions | undefined {
  if (files.tlsCert === null || files.tlsKey === null) return undefined;
  const read = (what: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new Error(`cannot read the TLS ${what} ${path}: ${(err as Error).message}`, { cause: err });
    }
  };
  const options: TlsOptions = {
    cert: read('certificate', files.tlsCert),
    key: read('key', files.tlsKey),
    minVersion: 'TLSv1.2',
  };
  if (files.tlsCa !== null) {
    options.ca = read('CA bundle', files.tlsCa);
    options.requestCert = true;
    options.rejectUnauthorized = true;
  }
  return options;
}
