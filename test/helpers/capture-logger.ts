// A Logger (the SDK's interface) that records every line with its bindings, for tests that
// count what a client logs.
import type { Logger } from '../../client-sdk/logger.js';

export interface LogLine {
  level: 'error' | 'warn' | 'info' | 'debug';
  msg: string;
  fields: Record<string, unknown>;
}

export function captureLogger(
  lines: LogLine[] = [],
  bindings: Record<string, unknown> = {},
): Logger & { lines: LogLine[] } {
  const write =
    (level: LogLine['level']) =>
    (obj: object, msg = '') =>
      void lines.push({ level, msg, fields: { ...bindings, ...obj } });
  return {
    lines,
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    child: (more) => captureLogger(lines, { ...bindings, ...more }),
  };
}
