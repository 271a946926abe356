// SaslHandshake: the native handler picks the mechanism. Version 0 means the client then sends
// the SASL tokens as bare frames rather than SaslAuthenticate requests (the dispatcher's job).
import type { SaslHandshakeRequest, SaslHandshakeResponse } from '../../protocol/kafka/generated/index.js';
import { nativeHandler, type KafkaHandler } from './context.js';

export const kafkaSaslHandshake: KafkaHandler<SaslHandshakeRequest, SaslHandshakeResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await nativeHandler(context, 'SaslHandshake')({ mechanism: request.mechanism }, context);
  return { errorCode: native?.errorCode ?? 0, mechanisms: native?.mechanisms ?? [] };
};
