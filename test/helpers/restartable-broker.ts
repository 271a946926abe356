// A broker that can go away and come back on the SAME port with the SAME data (a SQLite folder
// in the temp dir), for tests of clients riding out an outage. stop() is graceful (as Ctrl-C);
// kill() first cuts every client socket, so clients see what a crashed broker process shows them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker, type Broker, type StartBrokerOptions } from '../../server/broker.js';

export interface RestartableBroker {
  readonly brokers: string[];
  /** The broker running now; throws while it is down. */
  readonly current: Broker;
  stop(): Promise<void>;
  kill(): Promise<void>;
  /** Starts it again on the same port and data folder. */
  start(): Promise<void>;
  /** Stops it (if up) and deletes its data folder. */
  close(): Promise<void>;
}

export async function startRestartableBroker(options: StartBrokerOptions = {}): Promise<RestartableBroker> {
  const dataDir = mkdtempSync(join(tmpdir(), 'minibroker-restart-'));
  const settings: StartBrokerOptions = { logLevel: 'silent', checkpointIntervalMs: 10, ...options, dataDir };
  let broker: Broker | undefined = await startBroker({ ...settings, port: 0 });
  const port = broker.port;
  const brokers = broker.brokers;
  const down = async (abrupt: boolean) => {
    const stopping = broker;
    broker = undefined;
    if (abrupt) stopping?.dropConnections(() => true);
    await stopping?.close();
  };
  return {
    brokers,
    get current(): Broker {
      if (!broker) throw new Error('the broker is down');
      return broker;
    },
    stop: () => down(false),
    kill: () => down(true),
    async start() {
      if (broker) throw new Error('the broker is already up');
      broker = await startBroker({ ...settings, port });
    },
    async close() {
      await down(false);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
