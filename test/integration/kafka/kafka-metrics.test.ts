// Kafka-protocol requests are counted in /metrics as native ones are, and KafkaJS's group and
// its lag appear there too: one broker, one set of figures for both protocols.
import { describe, expect, it } from 'vitest';
import { useBrokerFixtures } from '../../helpers/broker.js';
import { useKafkaJs } from '../../helpers/kafkajs.js';
import { pollUntil } from '../../helpers/poll-until.js';

const fixtures = useBrokerFixtures();
const clients = useKafkaJs();

describe('metrics of Kafka clients', () => {
  it('count Kafka requests by API and show a KafkaJS group', async () => {
    const b = await fixtures.broker({ httpPort: 0 });
    const scrape = async () => (await fetch(`${b.adminUrl}/metrics`)).text();
    const { producer, consumer } = clients(b.port);
    const p = await producer();
    await p.send({ topic: 'metered', messages: [{ value: 'a' }, { value: 'b' }] });
    const c = await consumer('metered-group');
    await c.subscribe({ topic: 'metered', fromBeginning: true });
    let seen = 0;
    await c.run({
      eachMessage: () => {
        seen++;
        return Promise.resolve();
      },
    });
    await pollUntil(() => seen === 2);

    const text = await scrape();
    expect(text).toMatch(/minibroker_requests_total\{[^}]*api="Produce"[^}]*\} [1-9]/);
    expect(text).toMatch(/minibroker_requests_total\{[^}]*api="JoinGroup"[^}]*\} [1-9]/);
    expect(text).toContain('group="metered-group"');
  });
});
