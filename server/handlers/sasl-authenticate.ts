// SaslAuthenticate: one step of the exchange. A failure is answered (after the failure delay)
// and the dispatcher then closes the connection.
import type { Handler } from './context.js';

export const handleSaslAuthenticate: Handler<'SaslAuthenticate'> = async (request, { session }) => {
  const answer = await session.authenticate(Buffer.from(request.authBytes));
  return {
    errorCode: answer.errorCode,
    errorMessage: answer.errorMessage,
    authBytes: answer.bytes,
    sessionLifetimeMs: 0,
  };
};
