// SaslHandshake: picks the mechanism of the connection's SASL exchange.
import type { Handler } from './context.js';

export const handleSaslHandshake: Handler<'SaslHandshake'> = (request, { session, services, log, connection }) => {
  const errorCode = session.handshake(request.mechanism);
  if (errorCode !== 0)
    log.debug({ connection: connection.id, mechanism: request.mechanism, errorCode }, 'SASL handshake refused');
  return { errorCode, mechanisms: [...services.authenticator.mechanisms] };
};
