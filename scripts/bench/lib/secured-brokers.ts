// The security benchmarks' brokers, each in its own process: one plain, one with SCRAM-SHA-256
// and TLS, one with SCRAM-SHA-256 alone; the user is a super user on both SCRAM brokers. Also
// the lines both benchmarks print: secure against plain throughput, and connection set-up times.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hasOpenssl, makeCerts } from '../../lib/throwaway-certs.js';
import { startBrokerProcess, type BrokerProcess } from './broker-process.js';
import { fmt, median, percentile, report } from './stats.js';

export interface SecuredBrokers {
  plain: BrokerProcess;
  secure: BrokerProcess;
  scramOnly: BrokerProcess;
  /** TLS options that trust the throwaway CA. */
  ssl: { ca: Buffer[] };
  stop(): Promise<void>;
}

/** Starts the three brokers, or returns undefined when openssl is missing (no certificates). */
export async function startSecuredBrokers(
  user: { username: string; password: string },
  partitions: number,
): Promise<SecuredBrokers | undefined> {
  if (!hasOpenssl()) return undefined;
  const certs = makeCerts();
  const usersFile = join(certs.dir, 'users');
  writeFileSync(usersFile, `${user.username}:${user.password}\n`);
  const brokers: BrokerProcess[] = [];
  const stop = async () => {
    for (const broker of brokers.splice(0)) await broker.stop();
    certs.remove();
  };
  try {
    const start = async (args: string[]) => {
      const broker = await startBrokerProcess(['--default-partitions', String(partitions), ...args]);
      brokers.push(broker);
      return broker;
    };
    const scram = ['--users-file', usersFile, '--super-users', user.username];
    const plain = await start([]);
    const secure = await start([...scram, '--tls-cert', certs.serverCert, '--tls-key', certs.serverKey]);
    const scramOnly = await start(scram);
    return { plain, secure, scramOnly, ssl: { ca: [readFileSync(certs.caCert)] }, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** A report line: the secure broker's median records/s as a share of the plain one's. */
export function secureVsPlainLine(what: string, runs: { plain: number[]; secure: number[] }): string {
  const list = (values: number[]) => values.map((r) => fmt(r)).join(' / ');
  return report(
    `${what}, SCRAM-SHA-256 + TLS`,
    `${fmt(median(runs.secure))} rec/s`,
    `${fmt((median(runs.secure) / median(runs.plain)) * 100, 1)}% of plain (${fmt(median(runs.plain))} rec/s); runs ${list(runs.secure)} vs ${list(runs.plain)}`,
  );
}

/** A report line of connection set-up times (sorted), p50 and p99. */
export function setUpLine(what: string, times: number[], how: string): string {
  return report(what, `p50 ${fmt(percentile(times, 50), 2)} ms`, `p99 ${fmt(percentile(times, 99), 2)} ms, ${how}`);
}
