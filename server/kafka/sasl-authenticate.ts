// SaslAuthenticate: one step of the connection's SASL exchange, by the native handler. A failed
// step is answered and the dispatcher then closes the connection.
import type { SaslAuthenticateRequest, SaslAuthenticateResponse } from '../../protocol/kafka/generated/index.js';
import { nativeHandler, type KafkaHandler } from './context.js';

const EMPTY = Buffer.alloc(0);

export const kafkaSaslAuthenticate: KafkaHandler<SaslAuthenticateRequest, SaslAuthenticateResponse> = async (
  request,
  _version,
  context,
) => {
  const native = await nativeHandler(context, 'SaslAuthenticate')({ authBytes: request.authBytes }, context);
  return {
    errorCode: native?.errorCode ?? 0,
    errorMessage: native?.errorMessage || null,
    authBytes: native ? Buffer.from(native.authBytes) : EMPTY,
    sessionLifetimeMs: 0,
  };
};
