import { describe, expect, it } from 'vitest';
import { parseUsers, parseUsersVariable } from '../../../../server/security/users-file.js';
import { isLoopback } from '../../../../server/security/listen-policy.js';

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
