// Clients connect where Metadata and FindCoordinator tell them: the advertised host, which a
// broker in a container must set to the name its clients can reach.
import { describe, expect, it } from 'vitest';
import { useBrokerFixtures } from '../helpers/broker.js';

const fixtures = useBrokerFixtures();

describe('advertised host', () => {
  it('is the listen host by default', async () => {
    const broker = await fixtures.broker();
    const client = await fixtures.client(broker);
    const metadata = await client.request('Metadata', { allTopics: true });
    expect(metadata.brokers).toEqual([{ nodeId: 0, host: '127.0.0.1', port: broker.port }]);
  });

  it('is what advertisedHost says, in Metadata, FindCoordinator and the bootstrap list', async () => {
    const broker = await fixtures.broker({ advertisedHost: 'localhost' });
    expect(broker.brokers).toEqual([`localhost:${broker.port}`]);
    const client = await fixtures.client(broker);
    const metadata = await client.request('Metadata', { allTopics: true });
    expect(metadata.brokers).toEqual([{ nodeId: 0, host: 'localhost', port: broker.port }]);
    const coordinator = await client.request('FindCoordinator', { keys: ['g'] });
    expect(coordinator.coordinators[0]).toMatchObject({ errorCode: 0, host: 'localhost', port: broker.port });
  });
});
