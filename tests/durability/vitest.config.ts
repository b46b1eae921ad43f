import { defineConfig } from 'vitest/config'

// The API as a real child process on PostgreSQL (DATABASE_URL), killed, restarted and overloaded: one file at a time.
export default defineConfig({
  test: {
    include: ['tests/durability/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
})
