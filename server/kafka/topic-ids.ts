// Kafka's topic ids (uuids), which newer clients use in Metadata and Fetch (v13+). Topics here
// have no uuid of their own, so one is derived from the topic's storage id and name: stable for
// the topic's life, different for a topic deleted and created again under the same name.
import { createHash } from 'node:crypto';
import type { Topic } from '../core/topic-registry.js';
import type { BrokerServices } from '../broker-services.js';

const ids = new WeakMap<Topic, Buffer>();

export function topicIdOf(topic: Topic): Buffer {
  let id = ids.get(topic);
  if (!id) {
    id = createHash('sha256').update(`${topic.id}\0${topic.name}`).digest().subarray(0, 16);
    ids.set(topic, id);
  }
  return id;
}

export function topicById(services: BrokerServices, id: Uint8Array): Topic | undefined {
  return services.topics.list().find((topic) => topicIdOf(topic).equals(id));
}
