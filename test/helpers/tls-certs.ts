// Throwaway certificates for TLS tests (made with openssl at run time; shared with the benchmarks).
export { hasOpenssl, makeCerts, type CertFiles } from '../../scripts/lib/throwaway-certs.js';
