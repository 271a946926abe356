import { describe, expect, it } from 'vitest';
import { configFromEnv, normalizeConfig } from '../../../server/config.js';

describe('httpPort', () => {
  it('is off by default for embedded brokers', () => {
    expect(normalizeConfig().httpPort).toBe(false);
  });
  it('takes a port, 0 for a free one, or false', () => {
    expect(normalizeConfig({ httpPort: 8080 }).httpPort).toBe(8080);
    expect(normalizeConfig({ httpPort: 0 }).httpPort).toBe(0);
    expect(normalizeConfig({ httpPort: false }).httpPort).toBe(false);
  });
  it('refuses anything else, naming the field', () => {
    expect(() => normalizeConfig({ httpPort: 70000 })).toThrow(
      /httpPort must be false \(none\) or an integer from 0 to 65535/,
    );
    expect(() => normalizeConfig({ httpPort: true as unknown as number })).toThrow(/httpPort/);
  });
  it('reads MINIBROKER_HTTP_PORT, with "off" for none', () => {
    expect(configFromEnv({ MINIBROKER_HTTP_PORT: '9000' })).toEqual({ httpPort: 9000 });
    expect(configFromEnv({ MINIBROKER_HTTP_PORT: 'off' })).toEqual({ httpPort: false });
    expect(() => configFromEnv({ MINIBROKER_HTTP_PORT: 'web' })).toThrow(/MINIBROKER_HTTP_PORT must be an integer/);
  });
});
