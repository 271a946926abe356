import type { TopicResult } from '../../protocol/messages.js';
import type { Handler } from './context.js';
import { itemError } from './error-code.js';

export const handleCreateTopics: Handler<'CreateTopics'> = (request, { services, log }) => ({
  topics: request.topics.map(({ name, numPartitions, configs }): TopicResult => {
    try {
      services.topics.create(name, numPartitions, configs, request.validateOnly);
      if (!request.validateOnly)
        log.info({ topic: name, partitions: services.topics.get(name)?.partitions.length }, 'topic created');
      return { name, errorCode: 0, errorMessage: '' };
    } catch (err) {
      return { name, ...itemError(err, log, { topic: name }) };
    }
  }),
});
