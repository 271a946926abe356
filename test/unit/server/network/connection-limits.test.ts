import { describe, expect, it } from 'vitest';
import { ConnectionLimits } from '../../../../server/network/connection-limits.js';

describe('ConnectionLimits', () => {
  it('admits up to maxConnections in total, then refuses naming the limit', () => {
    const limits = new ConnectionLimits({ maxConnections: 2, maxConnectionsPerIp: 10 });
    expect(limits.admit('10.0.0.1')).toBeUndefined();
    expect(limits.admit('10.0.0.2')).toBeUndefined();
    expect(limits.admit('10.0.0.3')).toBe('the broker has reached maxConnections (2)');
    expect(limits.open).toBe(2);
    limits.release('10.0.0.1');
    expect(limits.admit('10.0.0.3')).toBeUndefined();
  });

  it('admits up to maxConnectionsPerIp from one address, others unaffected', () => {
    const limits = new ConnectionLimits({ maxConnections: 100, maxConnectionsPerIp: 2 });
    expect(limits.admit('10.0.0.1')).toBeUndefined();
    expect(limits.admit('10.0.0.1')).toBeUndefined();
    expect(limits.admit('10.0.0.1')).toBe('10.0.0.1 has reached maxConnectionsPerIp (2)');
    expect(limits.admit('10.0.0.2')).toBeUndefined();
    limits.release('10.0.0.1');
    expect(limits.admit('10.0.0.1')).toBeUndefined();
  });

  it('counts nothing for a refused connection', () => {
    const limits = new ConnectionLimits({ maxConnections: 1, maxConnectionsPerIp: 1 });
    limits.admit('a');
    for (let i = 0; i < 5; i++) expect(limits.admit('a')).toBeDefined();
    limits.release('a');
    expect(limits.open).toBe(0);
    expect(limits.admit('a')).toBeUndefined();
  });
});
