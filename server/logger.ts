// pino for every broker log line; components log through children ({ component: 'network' }).
import { pino, type Logger } from 'pino';
import type { LogLevel } from './config.js';

export type { Logger };

export function createLogger(level: LogLevel): Logger {
  return pino({ name: 'minibroker', level });
}

export function componentLogger(root: Logger, component: string): Logger {
  return root.child({ component });
}
