// A small logger interface (pino's shape) so applications can pass their own; pino by default.
import { pino } from 'pino';

export type LogLevel = 'nothing' | 'silent' | 'error' | 'warn' | 'info' | 'debug';

export interface Logger {
  error(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

/** KafkaJS-style names for the levels. */
export const logLevel = { NOTHING: 'nothing', ERROR: 'error', WARN: 'warn', INFO: 'info', DEBUG: 'debug' } as const;

export function createLogger(options: { logLevel?: LogLevel; logger?: Logger; clientId: string }): Logger {
  if (options.logger) return options.logger.child({ clientId: options.clientId });
  const level = options.logLevel === 'nothing' ? 'silent' : (options.logLevel ?? 'info');
  return pino({ name: 'minibroker-client', level }).child({ clientId: options.clientId });
}
