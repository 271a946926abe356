// Scenario: many concurrent connections and many groups held open for a while against the
// built broker as its own process. RSS must stay flat between the start and the end of the
// hold, every connection must stay open and every group Stable with all its members.
import { Client, type Consumer } from '../../client-sdk/index.js';
import { ChaosBroker } from './lib/broker-process.js';
import { RawConnection } from './lib/raw-connection.js';
import { mib, readRss } from './lib/rss.js';
import { pollUntil, sleep, type ScenarioResult } from './lib/scenario.js';

export interface ConnectionsOptions {
  connections: number;
  groups: number;
  membersPerGroup?: number;
  holdSeconds: number;
  /** Largest RSS growth accepted over the hold, in percent of the RSS at its start. */
  rssGrowthPercent: number;
}

const TOPIC = 'chaos-groups';
const PING_EVERY_MS = 10_000;
/** Joins leave garbage behind; the hold starts once the heap had time to settle. */
const SETTLE_MS = 10_000;

export async function connections(options: ConnectionsOptions): Promise<ScenarioResult> {
  const { connections: connectionCount, groups, membersPerGroup = 5, holdSeconds, rssGrowthPercent } = options;
  const broker = await ChaosBroker.start({ args: ['--default-partitions', String(membersPerGroup)] });
  const pid = broker.pid!;
  const client = new Client({ clientId: 'chaos-groups', brokers: broker.brokers, logLevel: 'nothing' });
  const raw: RawConnection[] = [];
  const consumers: Consumer[] = [];
  try {
    const admin = client.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: membersPerGroup }] });

    const idleRss = readRss(pid)!;
    for (let i = 0; i < connectionCount; i++) {
      const connection = await RawConnection.connect(broker.port);
      await connection.request('ApiVersions', {});
      raw.push(connection);
    }
    const connectionsRss = readRss(pid)!;

    const groupIds = Array.from({ length: groups }, (_, g) => `chaos-group-${g}`);
    await Promise.all(
      groupIds.flatMap((groupId) =>
        Array.from({ length: membersPerGroup }, async () => {
          const consumer = client.consumer({ groupId, maxWaitTimeInMs: 5000 });
          consumers.push(consumer);
          await consumer.connect();
          await consumer.subscribe({ topics: [TOPIC], fromBeginning: true });
          await consumer.run({ eachMessage: async () => {} });
        }),
      ),
    );
    const allStable = async () => {
      const { groups: described } = await admin.describeGroups(groupIds);
      return described.filter((g) => g.state === 'Stable' && g.members.length === membersPerGroup).length;
    };
    const settled = await pollUntil(async () => (await allStable()) === groups, 120_000, 500);

    // Connections stay in use: each sends a request now and then, as a client's metadata refresh would.
    let pings = 0;
    const pinger = setInterval(() => {
      for (const connection of raw)
        if (!connection.isClosed)
          connection.request('ApiVersions', {}).then(
            () => pings++,
            () => {},
          );
    }, PING_EVERY_MS);
    await sleep(SETTLE_MS);
    const startRss = readRss(pid)!;
    const samples: number[] = [startRss];
    const holdEnd = Date.now() + holdSeconds * 1000;
    while (Date.now() < holdEnd) {
      await sleep(Math.min(5000, Math.max(0, holdEnd - Date.now())));
      samples.push(readRss(pid) ?? 0);
    }
    clearInterval(pinger);
    const endRss = readRss(pid)!;
    const stableAtEnd = await allStable();
    const closed = raw.filter((c) => c.isClosed).length;
    await admin.disconnect();

    const growth = ((endRss - startRss) / startRss) * 100;
    const ok = settled && broker.running && closed === 0 && stableAtEnd === groups && growth <= rssGrowthPercent;
    const figures = [
      `${connectionCount} connections (+${mib(connectionsRss - idleRss)}, ${((connectionsRss - idleRss) / connectionCount / 1024).toFixed(1)} KiB each)`,
      `${groups} groups x ${membersPerGroup} members ${settled ? 'stable' : 'NOT all stable'} (+${mib(startRss - connectionsRss)})`,
      `held ${holdSeconds} s`,
      `RSS start ${mib(startRss)}, end ${mib(endRss)} (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%, limit +${rssGrowthPercent}%; max ${mib(Math.max(...samples))})`,
      `${closed} connections lost`,
      `${stableAtEnd}/${groups} groups stable at the end`,
      `${pings} pings answered`,
    ].join(', ');
    return { ok, figures };
  } finally {
    for (const connection of raw) connection.destroy();
    await Promise.all(consumers.map((c) => c.disconnect().catch(() => {})));
    await broker.stop();
  }
}
