import { describe, expect, it } from 'vitest';
import { AdminError } from '../../../server/admin/admin-error.js';
import { resetSpecOf, type ResetRequest } from '../../../server/admin/reset-request.js';

const NOW = Date.parse('2024-05-01T12:00:00Z');

describe('resetSpecOf (admin API body to the shared reset spec)', () => {
  it('maps each strategy; duration counts back from now', () => {
    expect(resetSpecOf({ to: 'earliest' }, NOW)).toEqual({ to: 'earliest' });
    expect(resetSpecOf({ to: 'latest' }, NOW)).toEqual({ to: 'latest' });
    expect(resetSpecOf({ to: 'offset', value: '100' }, NOW)).toEqual({ to: 'offset', offset: 100 });
    expect(resetSpecOf({ to: 'shift', value: '+3' }, NOW)).toEqual({ to: 'shift', by: 3 });
    expect(resetSpecOf({ to: 'shift', value: -2 }, NOW)).toEqual({ to: 'shift', by: -2 });
    expect(resetSpecOf({ to: 'datetime', value: '2024-05-01T11:59:55Z' }, NOW)).toEqual({
      to: 'datetime',
      timestamp: NOW - 5000,
    });
    expect(resetSpecOf({ to: 'datetime', value: NOW - 7000 }, NOW)).toEqual({ to: 'datetime', timestamp: NOW - 7000 });
    expect(resetSpecOf({ to: 'duration', value: 'PT3S' }, NOW)).toEqual({ to: 'datetime', timestamp: NOW - 3000 });
    expect(resetSpecOf({ to: 'duration', value: 8000 }, NOW)).toEqual({ to: 'datetime', timestamp: NOW - 8000 });
  });

  it('refuses a missing or malformed value with INVALID_REQUEST on "value"', () => {
    const bad: ResetRequest[] = [
      { to: 'offset' },
      { to: 'shift', value: 'x' },
      { to: 'datetime', value: 'yesterday' },
      { to: 'datetime', value: '2024-05-01' },
      { to: 'duration', value: '15 minutes' },
      { to: 'duration', value: 'P1W' },
      { to: 'duration' },
      { to: 'duration', value: -5 },
    ];
    for (const request of bad) {
      let error: unknown;
      try {
        resetSpecOf(request, NOW);
      } catch (err) {
        error = err;
      }
      expect(error, JSON.stringify(request)).toBeInstanceOf(AdminError);
      expect((error as AdminError).field).toBe('value');
      expect((error as AdminError).statusCode).toBe(400);
    }
  });
});
