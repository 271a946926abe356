// One broker for the whole run: globalSetup starts it before the test workers and passes its
// address in MINIBROKER_BROKERS. Run: npx vitest run --config examples/vitest-global-setup/vitest.config.ts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('.', import.meta.url)),
    include: ['*.test.ts'],
    globalSetup: ['./global-setup.ts'],
  },
});
