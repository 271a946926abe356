// Users as text: one `username:password` per line (the users file, `#` starts a comment) or
// comma-separated entries (MINIBROKER_USERS). The broker salts and hashes them at start-up and
// keeps no password.
import { readFileSync } from 'node:fs';
import type { UserSpec } from './user-store.js';

const MAX_NAME_LENGTH = 255;

export function parseUsers(text: string, source: string, separator: RegExp = /\r?\n/): UserSpec[] {
  const users: UserSpec[] = [];
  const seen = new Set<string>();
  text.split(separator).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const colon = line.indexOf(':');
    const where = `${source}, entry ${index + 1}`;
    if (colon <= 0) throw new Error(`${where}: expected username:password`);
    const username = line.slice(0, colon);
    const password = line.slice(colon + 1);
    if (username.length > MAX_NAME_LENGTH || /[\s\0]/.test(username))
      throw new Error(`${where}: a username has at most ${MAX_NAME_LENGTH} characters and no spaces`);
    if (password === '') throw new Error(`${where}: empty password for ${username}`);
    if (seen.has(username)) throw new Error(`${where}: ${username} appears twice`);
    seen.add(username);
    users.push({ username, password });
  });
  return users;
}

export function readUsersFile(path: string): UserSpec[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the users file ${path}: ${(err as Error).message}`, { cause: err });
  }
  return parseUsers(text, path);
}

/** MINIBROKER_USERS: `alice:secret,bob:other` (a password with a comma belongs in a users file). */
export function parseUsersVariable(value: string): UserSpec[] {
  return parseUsers(value, 'MINIBROKER_USERS', /,/);
}
