// Throwaway certificates for TLS tests and benchmarks, made at run time with openssl (Debian's, as in CI): a
// CA, a server certificate for 127.0.0.1/localhost and a client certificate it signed, plus a
// second, untrusted CA with its own server and client certificates. No key is ever checked in.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function hasOpenssl(): boolean {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export interface CertFiles {
  dir: string;
  /** Paths of PEM files. */
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Signed by another CA nobody here trusts. */
  untrustedServerCert: string;
  untrustedServerKey: string;
  untrustedClientCert: string;
  untrustedClientKey: string;
  read(path: string): Buffer;
  remove(): void;
}

const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export function makeCerts(): CertFiles {
  const dir = mkdtempSync(join(tmpdir(), 'minibroker-tls-'));
  const at = (name: string) => join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  writeFileSync(at('server.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  writeFileSync(at('client.ext'), 'extendedKeyUsage=clientAuth\n');
  const ca = (name: string) =>
    openssl(
      'req',
      '-x509',
      ...EC_KEY,
      '-keyout',
      `${name}.key`,
      '-out',
      `${name}.crt`,
      '-subj',
      `/CN=${name}`,
      '-days',
      '2',
    );
  const signed = (name: string, caName: string, ext: string) => {
    openssl('req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    openssl(
      'x509',
      '-req',
      '-in',
      `${name}.csr`,
      '-CA',
      `${caName}.crt`,
      '-CAkey',
      `${caName}.key`,
      '-CAcreateserial',
      '-out',
      `${name}.crt`,
      '-days',
      '2',
      '-extfile',
      ext,
    );
  };
  ca('test-ca');
  signed('server', 'test-ca', 'server.ext');
  signed('client', 'test-ca', 'client.ext');
  ca('other-ca');
  signed('other-server', 'other-ca', 'server.ext');
  signed('other-client', 'other-ca', 'client.ext');
  return {
    dir,
    caCert: at('test-ca.crt'),
    serverCert: at('server.crt'),
    serverKey: at('server.key'),
    clientCert: at('client.crt'),
    clientKey: at('client.key'),
    untrustedServerCert: at('other-server.crt'),
    untrustedServerKey: at('other-server.key'),
    untrustedClientCert: at('other-client.crt'),
    untrustedClientKey: at('other-client.key'),
    read: (path) => readFileSync(path),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
