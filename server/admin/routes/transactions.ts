// /api/transactions: the transactional ids the coordinator holds, with their state, open
// partitions and groups and the age of the open transaction; /api/transactions/:id for one.
import type { FastifyInstance } from 'fastify';
import type { BrokerServices } from '../../broker-services.js';
import { AdminError } from '../admin-error.js';
import { errorResponses } from '../schemas.js';

const int = { type: 'integer' } as const;
const str = { type: 'string' } as const;

const transactionSchema = {
  type: 'object',
  properties: {
    transactionalId: str,
    producerId: int,
    producerEpoch: int,
    state: str,
    timeoutMs: int,
    startTimeMs: int,
    ageMs: int,
    partitions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { topic: str, partition: int },
        required: ['topic', 'partition'],
      },
    },
    groups: { type: 'array', items: str },
  },
  required: [
    'transactionalId',
    'producerId',
    'producerEpoch',
    'state',
    'timeoutMs',
    'startTimeMs',
    'ageMs',
    'partitions',
    'groups',
  ],
} as const;

export function transactionRoutes(app: FastifyInstance, services: BrokerServices): void {
  app.get<{ Querystring: { state?: string } }>(
    '/api/transactions',
    {
      schema: {
        querystring: { type: 'object', properties: { state: str } },
        response: {
          200: {
            type: 'object',
            properties: { transactions: { type: 'array', items: transactionSchema } },
            required: ['transactions'],
          },
        },
      },
    },
    (request) => {
      const { state } = request.query;
      const transactions = services.transactions
        .list()
        .filter((t) => state === undefined || t.state === state)
        .sort((a, b) => a.transactionalId.localeCompare(b.transactionalId));
      return { transactions };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/api/transactions/:id',
    {
      schema: {
        params: { type: 'object', properties: { id: { type: 'string', minLength: 1 } }, required: ['id'] },
        response: { 200: transactionSchema, ...errorResponses },
      },
    },
    (request) => {
      const view = services.transactions.describe(request.params.id);
      if (!view) throw new AdminError('TRANSACTION_NOT_FOUND', `no transactional id "${request.params.id}"`);
      return view;
    },
  );
}
