// pino for every broker log line; components log through children ({ component: 'network' }).
// On a terminal the lines are pretty-printed (pino-pretty, in process); otherwise JSON, one per line.
import { pino, type Logger } from 'pino';
import { PinoPretty } from 'pino-pretty';
import type { LogLevel } from './config.js';

export type { Logger };

export function createLogger(level: LogLevel, pretty = level !== 'silent' && process.stdout.isTTY === true): Logger {
  if (!pretty) return pino({ name: 'minibroker', level });
  return pino(
    { name: 'minibroker', level },
    PinoPretty({ colorize: true, sync: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,name' }),
  );
}

export function componentLogger(root: Logger, component: string): Logger {
  return root.child({ component });
}
