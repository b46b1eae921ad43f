import { defineConfig } from 'vitest/config'

// Several API processes on PostgreSQL (DATABASE_URL) behind HAProxy: one file at a time, nothing else running.
export default defineConfig({
  test: {
    include: ['tests/instances/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
})
