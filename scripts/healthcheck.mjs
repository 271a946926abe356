#!/usr/bin/env node
// Container healthcheck: connects to the broker's port and sends ApiVersions; healthy (exit 0)
// when the broker answers without error within the time limit. Runs against the built dist/.
// (An admin HTTP /health endpoint is planned; until then the broker protocol itself is probed.)
// ApiVersions needs no authentication. With MINIBROKER_TLS_CERT set the broker speaks TLS, and so
// does the check (without verifying the certificate: it probes liveness, on the broker's own host);
// a broker that demands client certificates (MINIBROKER_TLS_CA) cannot be probed this way.
import net from 'node:net';
import tls from 'node:tls';
import { Api } from '../dist/protocol/apis.js';
import { decodeBody, decodeResponseFrame, encodeRequestFrame } from '../dist/protocol/envelope.js';
import { FrameDecoder } from '../dist/protocol/framing.js';

const host = process.env.MINIBROKER_HEALTHCHECK_HOST ?? '127.0.0.1';
const port = Number(process.env.MINIBROKER_PORT || 9092);
const timeoutMs = Number(process.env.MINIBROKER_HEALTHCHECK_TIMEOUT_MS || 3000);

function fail(reason) {
  process.stderr.write(`unhealthy: ${reason}\n`);
  process.exit(1);
}

const useTls = Boolean(process.env.MINIBROKER_TLS_CERT);
const socket = useTls ? tls.connect({ host, port, rejectUnauthorized: false }) : net.connect(port, host);
const timer = setTimeout(() => fail(`no answer from ${host}:${port} within ${timeoutMs} ms`), timeoutMs);
const decoder = new FrameDecoder(1024 * 1024);
socket.on('error', (err) => fail(`${host}:${port}: ${err.message}`));
socket.on(useTls ? 'secureConnect' : 'connect', () =>
  socket.write(encodeRequestFrame(Api.ApiVersions, 0, 1, 'healthcheck', {})),
);
socket.on('data', (chunk) => {
  for (const frame of decoder.push(chunk)) {
    const response = decodeResponseFrame(frame);
    if (response.correlationId !== 1) continue;
    if (response.errorCode !== 0) fail(`ApiVersions answered error ${response.errorCode}: ${response.errorMessage}`);
    const body = decodeBody(Api.ApiVersions.response, response.body);
    if (body.errorCode !== 0) fail(`ApiVersions answered error ${body.errorCode}`);
    clearTimeout(timer);
    socket.destroy();
    process.stdout.write(`healthy: minibroker ${body.brokerVersion} on ${host}:${port}\n`);
  }
});
