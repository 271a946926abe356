// "Ready" for the start-up benchmarks: a TCP connection that sends ApiVersions and gets the
// answer, so accepting and answering are both measured.
import net from 'node:net';
import { Api } from '../../../protocol/apis.js';
import { decodeBody, decodeResponseFrame, encodeRequestFrame } from '../../../protocol/envelope.js';
import { FrameDecoder } from '../../../protocol/framing.js';
import type { ApiVersionsResponse } from '../../../protocol/messages.js';

/** Resolves once the broker at host:port answers ApiVersions without error. */
export function probeApiVersions(host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, host);
    const decoder = new FrameDecoder(1024 * 1024);
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setNoDelay(true);
    socket.once('error', fail);
    socket.once('connect', () => socket.write(encodeRequestFrame(Api.ApiVersions, 0, 1, 'bench-startup', {})));
    socket.on('data', (chunk) => {
      for (const frame of decoder.push(chunk)) {
        const response = decodeResponseFrame(frame);
        const body =
          response.errorCode === 0
            ? decodeBody<ApiVersionsResponse>(Api.ApiVersions.response, response.body)
            : undefined;
        socket.destroy();
        if (!body || body.errorCode !== 0)
          return fail(new Error(`ApiVersions failed: ${response.errorCode} ${response.errorMessage}`));
        resolve();
      }
    });
  });
}
