import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeAssignment } from '../../protocol/consumer-protocol.js';
import { ErrorCode } from '../../protocol/errors.js';
import { useBrokerFixtures } from '../helpers/broker.js';
import { commit, createTopic, fetchOffsets, joinAlone, twoMembers } from '../helpers/groups.js';

const fixtures = useBrokerFixtures();
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('broker consumer groups: offsets and admin', () => {
  it('returns a member commit from OffsetFetch; unknown partitions read -1', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    await createTopic(a, 't', 4);
    const { memberId: idA, generationId } = await joinAlone(a, 'g');
    expect(await commit(a, 'g', generationId, idA, 't', { 0: 10, 3: 7 }, 'checkpoint')).toEqual([0, 0]);
    expect(await commit(a, 'g', generationId, idA, 't', { 0: 12 })).toEqual([0]);
    expect(await fetchOffsets(a, 'g', 't', [0, 1, 3])).toEqual([
      { partition: 0, offset: 12, metadata: '', errorCode: 0 },
      { partition: 1, offset: -1, metadata: '', errorCode: 0 },
      { partition: 3, offset: 7, metadata: 'checkpoint', errorCode: 0 },
    ]);
    expect(await fetchOffsets(a, 'nobody', 't', [0])).toEqual([
      { partition: 0, offset: -1, metadata: '', errorCode: 0 },
    ]);
  });

  it('takes a standalone commit (generation -1) only while the group has no members', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    await createTopic(a, 't', 1);
    expect(await commit(a, 'simple', -1, '', 't', { 0: 5 })).toEqual([0]);
    expect(await fetchOffsets(a, 'simple', 't', [0])).toMatchObject([{ offset: 5 }]);
    const listed = await a.request('ListGroups', {});
    expect(listed.groups).toEqual([{ groupId: 'simple', protocolType: '', state: 'Empty' }]);

    await joinAlone(a, 'simple');
    expect(await commit(a, 'simple', -1, '', 't', { 0: 6 })).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(await fetchOffsets(a, 'simple', 't', [0])).toMatchObject([{ offset: 5 }]);
  });

  it('keeps committed offsets across a broker restart on the same data dir', async () => {
    const dataDir = mkdtempSync(joinPath(tmpdir(), 'minibroker-groups-'));
    dirs.push(dataDir);
    const first = await fixtures.broker({ dataDir });
    const a = await fixtures.client(first);
    await createTopic(a, 't', 2);
    const { memberId: idA, generationId } = await joinAlone(a, 'g');
    expect(await commit(a, 'g', generationId, idA, 't', { 0: 42, 1: 7 }, 'm')).toEqual([0, 0]);
    await first.close();

    const second = await fixtures.broker({ dataDir });
    const b = await fixtures.client(second);
    expect(await fetchOffsets(b, 'g', 't', [0, 1])).toEqual([
      { partition: 0, offset: 42, metadata: 'm', errorCode: 0 },
      { partition: 1, offset: 7, metadata: 'm', errorCode: 0 },
    ]);
    // The group comes back Empty: a new member joins from scratch and can commit again.
    expect((await b.request('DescribeGroups', { groups: ['g'] })).groups[0]).toMatchObject({
      state: 'Empty',
      errorCode: 0,
    });
    const rejoined = await joinAlone(b, 'g');
    expect(await commit(b, 'g', rejoined.generationId, rejoined.memberId, 't', { 0: 43 })).toEqual([0]);
  });

  it('deletes only empty groups, with their offsets', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    await createTopic(a, 't', 1);
    const { memberId: idA, generationId } = await joinAlone(a, 'g');
    await commit(a, 'g', generationId, idA, 't', { 0: 9 });
    const refused = await a.request('DeleteGroups', { groups: ['g', 'unknown', 'g'] });
    expect(refused.results).toEqual([
      { groupId: 'g', errorCode: ErrorCode.NON_EMPTY_GROUP },
      { groupId: 'unknown', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
    ]);

    await a.request('LeaveGroup', { groupId: 'g', members: [{ memberId: idA }] });
    expect((await a.request('DeleteGroups', { groups: ['g'] })).results).toEqual([{ groupId: 'g', errorCode: 0 }]);
    expect(await fetchOffsets(a, 'g', 't', [0])).toMatchObject([{ offset: -1 }]);
    expect((await a.request('ListGroups', {})).groups).toEqual([]);
    expect((await a.request('DeleteGroups', { groups: ['g'] })).results).toEqual([
      { groupId: 'g', errorCode: ErrorCode.GROUP_ID_NOT_FOUND },
    ]);
  });

  it('lists and describes groups with state, protocol and members', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    const b = await fixtures.client(broker);
    await createTopic(a, 't', 4);
    const { idA, idB } = await twoMembers(a, b, 'g');
    expect(await commit(a, 'idle', -1, '', 't', { 0: 1 })).toEqual([0]);

    const listed = await a.request('ListGroups', {});
    expect(listed.errorCode).toBe(0);
    expect(listed.groups.sort((x, y) => x.groupId.localeCompare(y.groupId))).toEqual([
      { groupId: 'g', protocolType: 'consumer', state: 'Stable' },
      { groupId: 'idle', protocolType: '', state: 'Empty' },
    ]);
    expect((await a.request('ListGroups', { statesFilter: ['Stable'] })).groups.map((g) => g.groupId)).toEqual(['g']);

    const described = await a.request('DescribeGroups', { groups: ['g', 'unknown'] });
    const [g, unknown] = described.groups;
    expect(g).toMatchObject({
      errorCode: 0,
      groupId: 'g',
      state: 'Stable',
      protocolType: 'consumer',
      protocol: 'range',
    });
    const members = new Map(g!.members.map((m) => [m.memberId, m]));
    expect([...members.keys()].sort()).toEqual([idA, idB].sort());
    expect(members.get(idA)).toMatchObject({ clientId: 'raw-test', clientHost: '/127.0.0.1' });
    expect(decodeAssignment(members.get(idB)!.assignment).assignedPartitions).toEqual([
      { topic: 't', partitions: [2, 3] },
    ]);
    expect(unknown).toMatchObject({ errorCode: 0, groupId: 'unknown', state: 'Dead', members: [] });
  });

  it('answers FindCoordinator with this broker for every group key', async () => {
    const broker = await fixtures.broker({ nodeId: 3, coordinatorShards: 7 });
    const a = await fixtures.client(broker);
    const r = await a.request('FindCoordinator', { keyType: 0, keys: ['g', '', 'polygenelubricants'] });
    expect(r.coordinators).toEqual(
      ['g', '', 'polygenelubricants'].map((key) => ({
        key,
        nodeId: 3,
        host: broker.host,
        port: broker.port,
        errorCode: 0,
        errorMessage: '',
      })),
    );
    const versions = await a.request('ApiVersions', {});
    const names = versions.apis.map((x) => x.name);
    for (const api of [
      'FindCoordinator',
      'JoinGroup',
      'SyncGroup',
      'Heartbeat',
      'LeaveGroup',
      'OffsetCommit',
      'OffsetFetch',
      'DescribeGroups',
      'ListGroups',
      'DeleteGroups',
    ]) {
      expect(names).toContain(api);
    }
  });

  it('drops committed offsets of a deleted topic', async () => {
    const broker = await fixtures.broker();
    const a = await fixtures.client(broker);
    await createTopic(a, 'gone', 2);
    await createTopic(a, 'kept', 1);
    await commit(a, 'g', -1, '', 'gone', { 0: 3, 1: 4 });
    await commit(a, 'g', -1, '', 'kept', { 0: 5 });
    expect((await a.request('DeleteTopics', { topics: ['gone'] })).topics[0]!.errorCode).toBe(0);
    await createTopic(a, 'gone', 2);
    expect(await fetchOffsets(a, 'g', 'gone', [0, 1])).toMatchObject([{ offset: -1 }, { offset: -1 }]);
    expect(await fetchOffsets(a, 'g', 'kept', [0])).toMatchObject([{ offset: 5 }]);
  });
});
