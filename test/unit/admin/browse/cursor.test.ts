import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from '../../../../server/admin/browse/cursor.js';

describe('browser cursor', () => {
  it('round-trips direction and positions', () => {
    const cursor = {
      direction: 'backward' as const,
      positions: new Map([
        [0, 17],
        [3, 0],
      ]),
    };
    expect(decodeCursor(encodeCursor(cursor))).toEqual(cursor);
  });

  it.each([
    ['not base64url', '!!!'],
    ['not JSON', Buffer.from('{nope').toString('base64url')],
    ['a bad direction', Buffer.from(JSON.stringify({ d: 'x', p: [[0, 1]] })).toString('base64url')],
    ['no positions', Buffer.from(JSON.stringify({ d: 'f', p: [] })).toString('base64url')],
    ['a negative offset', Buffer.from(JSON.stringify({ d: 'f', p: [[0, -1]] })).toString('base64url')],
    ['a fractional partition', Buffer.from(JSON.stringify({ d: 'f', p: [[0.5, 1]] })).toString('base64url')],
    [
      'a partition twice',
      Buffer.from(
        JSON.stringify({
          d: 'f',
          p: [
            [0, 1],
            [0, 2],
          ],
        }),
      ).toString('base64url'),
    ],
    ['JSON null', Buffer.from('null').toString('base64url')],
  ])('refuses %s with a message', (_what, text) => {
    expect(typeof decodeCursor(text)).toBe('string');
  });
});
