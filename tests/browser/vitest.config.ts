import { defineConfig } from 'vitest/config'

// Browser tests drive headless Chromium against the real API (in-process, embedded database) serving apps/web/dist.
// One worker, one file at a time: each file starts a server, and Chromium with SwiftShader is heavy.
export default defineConfig({
  test: {
    name: 'browser',
    root: new URL('../..', import.meta.url).pathname,
    include: ['tests/browser/**/*.test.ts'],
    globalSetup: ['tests/browser/global-setup.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    isolate: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
})
