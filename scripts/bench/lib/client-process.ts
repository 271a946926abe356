// A peer's benchmark client in a process of its own: a client library loaded into the benchmark's
// process changes how fast our SDK runs there (measured: importing ioredis alone raised our
// producer's CPU per record by half), and each client's garbage would be collected on the
// others' time. The child (client-process-main.ts) opens the client module and runs the loads
// it is asked for over IPC, reporting records/s and its own CPU seconds.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchLoad, RunResult } from './bench-system.js';

/** What a peer's client module exports: a connected client that can run each load. */
export interface PeerClient {
  produce(run: number, records: number): Promise<number>;
  consume(run: number, records: number): Promise<number>;
  close(): Promise<void>;
}
export type OpenPeerClient = (port: number, load: BenchLoad) => Promise<PeerClient>;

export interface ClientRequest {
  id: number;
  phase: 'produce' | 'consume';
  run: number;
  records: number;
}
export type ClientReply = { id: number; result: RunResult } | { id: number; error: string };

export interface ClientProcess {
  run(phase: 'produce' | 'consume', run: number, records: number): Promise<RunResult>;
  stop(): Promise<void>;
}

const MAIN = fileURLToPath(new URL('./client-process-main.ts', import.meta.url));

/** Forks a child that opens `clientModule` (a path exporting `openClient`) against the server on `port`. */
export async function startClientProcess(clientModule: string, port: number, load: BenchLoad): Promise<ClientProcess> {
  const child = fork(MAIN, [clientModule, String(port), JSON.stringify(load)], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const waiting = new Map<number, { resolve(result: RunResult): void; reject(error: Error): void }>();
  let nextId = 0;
  child.on('message', (reply: ClientReply | 'ready') => {
    if (reply === 'ready') return;
    const call = waiting.get(reply.id);
    waiting.delete(reply.id);
    if ('error' in reply) call?.reject(new Error(reply.error));
    else call?.resolve(reply.result);
  });
  void exited.then(() => {
    for (const call of waiting.values()) call.reject(new Error(`bench client ${clientModule} exited`));
    waiting.clear();
  });
  const ready = new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    void exited.then(() => reject(new Error(`bench client ${clientModule} exited before it was ready`)));
  });
  await ready;
  return {
    run(phase, run, records) {
      const id = ++nextId;
      return new Promise<RunResult>((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ id, phase, run, records } satisfies ClientRequest);
      });
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
