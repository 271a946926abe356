// Every API has an error answer (failNext relies on it) that encodes as the API's response and
// carries the code on each item of the request.
import { describe, expect, it } from 'vitest';
import { Api } from '../../../protocol/apis.js';
import { decodeBody, encodeBody } from '../../../protocol/envelope.js';
import type { ApiMessages } from '../../../protocol/messages.js';
import { errorResponse } from '../../../server/handlers/error-responses.js';

const CODE = 27;

/** One item of each kind a request can carry, so the answer has somewhere to put the code. */
const items: Partial<Record<keyof ApiMessages, object>> = {
  Produce: { acks: 1, topics: [{ name: 't', partitions: [{ partition: 0, records: new Uint8Array() }] }] },
  Fetch: { topics: [{ name: 't', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1 }] }] },
  ListOffsets: { topics: [{ name: 't', partitions: [{ partition: 0, timestamp: -1 }] }] },
  Metadata: { topics: ['t'] },
  OffsetCommit: { topics: [{ name: 't', partitions: [{ partition: 0, committedOffset: 1 }] }] },
  FindCoordinator: { keys: ['g'] },
  DescribeGroups: { groups: ['g'] },
  DeleteGroups: { groups: ['g'] },
  CreateTopics: { topics: [{ name: 't', numPartitions: 1, configs: {} }] },
  DeleteTopics: { topics: ['t'] },
  CreatePartitions: { topics: [{ name: 't', count: 2 }] },
  AddPartitionsToTxn: { topics: [{ name: 't', partitions: [0] }] },
  DescribeTransactions: { transactionalIds: ['x'] },
  TxnOffsetCommit: { topics: [{ name: 't', partitions: [{ partition: 0, committedOffset: 1 }] }] },
  DescribeConfigs: { resources: [{ resourceType: 2, resourceName: 't' }] },
  AlterConfigs: { resources: [{ resourceType: 2, resourceName: 't' }] },
  IncrementalAlterConfigs: { resources: [{ resourceType: 2, resourceName: 't' }] },
  DeleteRecords: { topics: [{ name: 't', partitions: [{ partition: 0, offset: 1 }] }] },
  CreateAcls: {
    creations: [
      {
        resourceType: 2,
        resourceName: 't',
        patternType: 3,
        principal: 'User:a',
        host: '*',
        operation: 3,
        permissionType: 3,
      },
    ],
  },
  DeleteAcls: { filters: [{ resourceType: 1, patternType: 1, operation: 1, permissionType: 1 }] },
};

describe('errorResponse', () => {
  it.each(Object.keys(Api) as (keyof ApiMessages)[])('%s: encodes, with the code in the response', (api) => {
    const request = { ...decodeBody<object>(Api[api].request, new Uint8Array()), ...items[api] } as never;
    const response = errorResponse(api, request, CODE);
    expect(response).toBeDefined();
    const bytes = encodeBody(Api[api].response, response!);
    expect(JSON.stringify(decodeBody(Api[api].response, bytes))).toMatch(/"errorCode":27/);
  });

  it('mirrors the request items', () => {
    const response = errorResponse(
      'OffsetCommit',
      {
        groupId: 'g',
        generationId: 1,
        memberId: 'm',
        topics: [
          {
            name: 't',
            partitions: [
              { partition: 0, committedOffset: 1 },
              { partition: 3, committedOffset: 2 },
            ],
          },
        ],
      },
      CODE,
    );
    expect(response).toEqual({
      topics: [
        {
          name: 't',
          partitions: [
            { partition: 0, errorCode: CODE },
            { partition: 3, errorCode: CODE },
          ],
        },
      ],
    });
  });

  it('gives no answer to a Produce with acks=0', () => {
    expect(errorResponse('Produce', { acks: 0, timeoutMs: 0, topics: [] }, CODE)).toBeUndefined();
  });
});
