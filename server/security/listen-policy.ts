// Safe defaults: a broker reachable from other machines must have users, unless the operator
// says --insecure (and the log says so at start).
import type { Logger } from '../logger.js';

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare) || bare === '::ffff:127.0.0.1';
}

/** Throws when the broker would be open to the network; warns when the operator chose that. */
export function checkListenPolicy(
  host: string,
  options: { usersConfigured: boolean; insecure: boolean },
  log: Logger,
): void {
  if (isLoopback(host) || options.usersConfigured) return;
  if (!options.insecure)
    throw new Error(
      `refusing to listen on ${host} without users: anyone who can reach it could read, write and delete every topic. ` +
        'Configure users (--users-file or MINIBROKER_USERS; see docs/security.md), listen on 127.0.0.1, ' +
        'or pass --insecure (MINIBROKER_INSECURE=true) to run open anyway',
    );
  log.warn({ host }, `INSECURE: listening on ${host} without users; every client may do everything`);
}
