// Metadata requests are shared: a burst of sends to a topic the producer has not used yet waits on
// one Metadata request, not one per send (a burst of thousands would otherwise send thousands).
import { describe, expect, it } from 'vitest';
import { metricValue } from '../helpers/admin.js';
import { setup } from '../helpers/sdk.js';

describe('metadata requests of a burst of sends', () => {
  it('a burst of sends to a topic not known yet asks the broker once, and every send lands', async () => {
    const sdk = await setup({ httpPort: 0 });
    const admin = await sdk.admin();
    await admin.createTopics({ topics: [{ topic: 'burst', numPartitions: 4 }] });
    const metadataRequests = async () =>
      metricValue(await (await fetch(`${sdk.broker.adminUrl}/metrics`)).text(), 'minibroker_requests_total', {
        api: 'Metadata',
        error_code: '0',
      }) ?? 0;
    const producer = await sdk.producer();
    const before = await metadataRequests();
    const sends = Array.from({ length: 200 }, (_, i) =>
      producer.send({ topic: 'burst', messages: [{ key: `k${i}`, value: `v${i}` }] }),
    );
    const results = await Promise.all(sends);
    expect(results.every(([r]) => r!.errorCode === 0)).toBe(true);
    expect((await metadataRequests()) - before).toBe(1);
    const offsets = await admin.fetchTopicOffsets('burst');
    expect(offsets.reduce((sum, o) => sum + Number(o.high), 0)).toBe(200);
  });
});
