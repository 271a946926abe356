import type { TopicResult } from '../../protocol/messages.js';
import type { Handler } from './context.js';
import { itemError } from './error-code.js';

export const handleDeleteTopics: Handler<'DeleteTopics'> = (request, { services, log }) => ({
  topics: request.topics.map((name): TopicResult => {
    try {
      services.topics.delete(name);
      log.info({ topic: name }, 'topic deleted');
      return { name, errorCode: 0, errorMessage: '' };
    } catch (err) {
      return { name, ...itemError(err, log, { topic: name }) };
    }
  }),
});
