// reset() between tests truly isolates them: a topic, a group, its members and its committed
// offsets from the first test are gone in the second, and faults do not carry over.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../../client-sdk/index.js';
import { ErrorCode } from '../../protocol/errors.js';
import type { JoinGroupResponse } from '../../protocol/messages.js';
import { startTestBroker, type TestBroker } from '../../testing/index.js';
import { RawClient } from '../helpers/broker.js';
import { commit, heartbeat, join, joinAlone, memberIdFor } from '../helpers/groups.js';

let broker: TestBroker;
let client: RawClient;
let other: RawClient;
const left: { memberId: string; generationId: number; parkedJoin?: Promise<JoinGroupResponse> } = {
  memberId: '',
  generationId: -1,
};

beforeAll(async () => {
  broker = await startTestBroker();
  client = await RawClient.connectTo(broker.brokers[0]!);
});
afterEach(() => broker.reset());
afterAll(async () => {
  client.destroy();
  other.destroy();
  await broker.close();
});

describe('reset()', () => {
  it('test 1 leaves topics, a group with members, committed offsets and faults behind', async () => {
    await broker.createTopic('t', 1);
    await broker.produce('iso', ['a', 'b']);
    const member = await joinAlone(client, 'iso-group');
    left.memberId = member.memberId;
    left.generationId = member.generationId;
    expect(await commit(client, 'iso-group', member.generationId, member.memberId, 'iso', { 0: 2 })).toEqual([
      ErrorCode.NONE,
    ]);
    expect(await commit(client, 'simple-group', -1, '', 'iso', { 0: 1 })).toEqual([ErrorCode.NONE]);
    // A second member's JoinGroup parks while the group rebalances.
    other = await RawClient.connectTo(broker.brokers[0]!);
    const id = await memberIdFor(other, 'iso-group');
    left.parkedJoin = join(other, 'iso-group', id);
    expect(await heartbeat(client, 'iso-group', member.generationId, member.memberId)).toBe(
      ErrorCode.REBALANCE_IN_PROGRESS,
    );
    broker.faults.failNext({ api: 'Metadata', errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, times: 100 });
    broker.faults.delayResponses({ api: 'DescribeGroups', ms: 60_000 });
  });

  it('test 2 starts from nothing', async () => {
    // The parked join was answered: its member must start over.
    expect((await left.parkedJoin!).errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);

    const admin = new Client({
      clientId: 'reset-test',
      brokers: broker.brokers,
      logLevel: 'nothing',
      retry: { retries: 0 },
    }).admin();
    await admin.connect();
    expect(await admin.listTopics()).toEqual([]);
    await admin.disconnect();

    const described = await client.request('DescribeGroups', { groups: ['iso-group', 'simple-group'] });
    expect(described.groups.map((g) => [g.state, g.members.length])).toEqual([
      ['Dead', 0],
      ['Dead', 0],
    ]);
    for (const groupId of ['iso-group', 'simple-group']) {
      const offsets = await client.request('OffsetFetch', { groupId, allTopics: true });
      expect(offsets.topics).toEqual([]);
    }
    const listed = await client.request('ListGroups', {});
    expect(listed.groups).toEqual([]);

    // The old member is unknown; joining from scratch gives a fresh group at generation 1.
    expect(await heartbeat(client, 'iso-group', left.generationId, left.memberId)).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
    await broker.createTopic('t', 1);
    const again = await joinAlone(client, 'iso-group');
    expect(again.generationId).toBe(1);
    expect(again.memberId).not.toBe(left.memberId);
    await expect(broker.consumeN('iso', 1, { timeoutMs: 10 })).rejects.toThrow(/topic "iso" does not exist/);
    // A recreated topic starts at offset 0.
    const [meta] = await broker.produce('iso', ['fresh']);
    expect(meta!.baseOffset).toBe('0');
  });
});
