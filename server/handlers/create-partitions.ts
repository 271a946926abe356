import type { TopicResult } from '../../protocol/messages.js';
import type { Handler } from './context.js';
import { itemError } from './error-code.js';

export const handleCreatePartitions: Handler<'CreatePartitions'> = (request, { services, log }) => ({
  topics: request.topics.map(({ name, count }): TopicResult => {
    try {
      services.topics.addPartitions(name, count, request.validateOnly);
      return { name, errorCode: 0, errorMessage: '' };
    } catch (err) {
      return { name, ...itemError(err, log, { topic: name }) };
    }
  }),
});
