// Per-group series in /metrics (scraped over HTTP) disappear when their group is deleted or
// expires, so a broker that sees many short-lived groups does not grow its metrics forever.
import { describe, expect, it } from 'vitest';
import { useBrokerFixtures, type RawClient } from '../helpers/broker.js';
import { pollUntil } from '../helpers/poll-until.js';
import { commit, joinAlone } from '../helpers/groups.js';
import type { Broker } from '../../server/broker.js';

const fixtures = useBrokerFixtures();

const scrape = async (broker: Broker) => (await fetch(`${broker.adminUrl}/metrics`)).text();
const seriesOf = (text: string, groupId: string) =>
  text.split('\n').filter((line) => !line.startsWith('#') && line.includes(`consumergroup="${groupId}"`));

async function groupWithOffsets(client: RawClient, groupId: string): Promise<void> {
  const { memberId, generationId } = await joinAlone(client, groupId);
  await commit(client, groupId, generationId, memberId, 't', { 0: 0 });
  await client.request('LeaveGroup', { groupId, members: [{ memberId }] });
}

describe('per-group metric series', () => {
  it('are gone from /metrics after DeleteGroups', async () => {
    const broker = await fixtures.broker({ httpPort: 0 });
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 't', numPartitions: 1 }] });
    await groupWithOffsets(client, 'doomed');
    await groupWithOffsets(client, 'kept');
    const before = await scrape(broker);
    expect(seriesOf(before, 'doomed').some((line) => line.startsWith('minibroker_group_rebalances_total'))).toBe(true);
    expect(seriesOf(before, 'doomed').some((line) => line.startsWith('kafka_consumergroup_current_offset'))).toBe(true);
    expect((await client.request('DeleteGroups', { groups: ['doomed'] })).results[0]!.errorCode).toBe(0);
    const after = await scrape(broker);
    expect(seriesOf(after, 'doomed')).toEqual([]);
    expect(seriesOf(after, 'kept').length).toBeGreaterThan(0);
  });

  it('are gone from /metrics after the group expires with its offsets', async () => {
    const broker = await fixtures.broker({ httpPort: 0, offsetsRetentionMs: 1 });
    const client = await fixtures.client(broker);
    await client.request('CreateTopics', { topics: [{ name: 't', numPartitions: 1 }] });
    await groupWithOffsets(client, 'fleeting');
    expect(seriesOf(await scrape(broker), 'fleeting').length).toBeGreaterThan(0);
    await pollUntil(() => {
      broker.services.coordinators.expireOffsets();
      return broker.services.coordinators.listGroups().groups.length === 0;
    });
    expect(seriesOf(await scrape(broker), 'fleeting')).toEqual([]);
  });
});
