import { describe, expect, it } from 'vitest';
import { parseUsers, parseUsersVariable } from '../../../../server/security/users-file.js';
import type { Logger } from '../../../../server/logger.js';
import { checkListenPolicy, isLoopback } from '../../../../server/security/listen-policy.js';

describe('users as text', () => {
  it('reads username:password lines, skipping comments and blanks; a password may hold colons', () => {
    expect(parseUsers('# team\nalice:a:b\n\n  bob:pw  \n', 'f')).toEqual([
      { username: 'alice', password: 'a:b' },
      { username: 'bob', password: 'pw' },
    ]);
  });

  it('reads MINIBROKER_USERS as comma-separated entries', () => {
    expect(parseUsersVariable('alice:x,bob:y')).toEqual([
      { username: 'alice', password: 'x' },
      { username: 'bob', password: 'y' },
    ]);
  });

  it.each([
    ['no colon', 'alice'],
    ['empty name', ':pw'],
    ['empty password', 'alice:'],
    ['a repeated user', 'a:1\na:2'],
    ['a space in the name', 'al ice:pw'],
  ])('refuses %s, naming the entry', (_what, text) => {
    expect(() => parseUsers(text, 'users.txt')).toThrow(/users\.txt, entry \d/);
  });
});

describe('isLoopback', () => {
  it.each(['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])('%s is loopback', (host) =>
    expect(isLoopback(host)).toBe(true),
  );
  it.each(['0.0.0.0', '::', '10.0.0.1', 'example.com'])('%s is not', (host) => expect(isLoopback(host)).toBe(false));
});

describe('checkListenPolicy', () => {
  const log = () => {
    const warnings: string[] = [];
    return { warnings, logger: { warn: (_fields: object, msg: string) => warnings.push(msg) } as unknown as Logger };
  };

  it('lets a loopback broker run open, and any broker with users', () => {
    const { warnings, logger } = log();
    checkListenPolicy('127.0.0.1', { usersConfigured: false, insecure: false }, logger);
    checkListenPolicy('0.0.0.0', { usersConfigured: true, insecure: false }, logger);
    expect(warnings).toEqual([]);
  });

  it('refuses a non-loopback address without users, unless insecure, which it warns about', () => {
    const { warnings, logger } = log();
    expect(() => checkListenPolicy('0.0.0.0', { usersConfigured: false, insecure: false }, logger)).toThrow(
      /refusing to listen on 0\.0\.0\.0 without users/,
    );
    checkListenPolicy('0.0.0.0', { usersConfigured: false, insecure: true }, logger);
    expect(warnings).toEqual([expect.stringMatching(/^INSECURE: listening on 0\.0\.0\.0 without users/)]);
  });
});
