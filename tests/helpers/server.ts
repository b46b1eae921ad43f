// Builds the real API on the shared test database; captures its log lines; can listen on a loopback port.
import type { Database } from '@meldpunt/db'
import type { FastifyInstance } from 'fastify'
import { Writable } from 'node:stream'
import { buildApp } from '../../apps/api/src/app.js'
import { testConfig, type Config } from '../../apps/api/src/config.js'
import type { Clock } from '../../apps/api/src/lib/clock.js'
import { seedDemo } from '../../apps/api/src/demo/seed.js'
import { resetData, testDatabase } from './database.js'

/** /metrics is served only with a bearer token; every test app gets this one. */
export const TEST_METRICS_TOKEN = 'test-metrics-token-0123456789'

/** GET /metrics with the test token. */
export function readMetrics(app: FastifyInstance) {
  return app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TEST_METRICS_TOKEN}` } })
}

export interface TestApp {
  app: FastifyInstance
  database: Database
  /** Every log line the app wrote, raw. */
  logs: string[]
  close(): Promise<void>
}

export async function buildTestApp(overrides: Partial<Config> = {}, options: { clock?: Clock } = {}): Promise<TestApp> {
  const database = await testDatabase()
  const logs: string[] = []
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk))
      done()
    },
  })
  const config = testConfig({
    LOG_LEVEL: 'info',
    // Suites send hundreds of requests from one address; rate-limit tests lower these explicitly.
    RATE_LIMIT_REPORTS: 100_000,
    RATE_LIMIT_RECEIPTS: 100_000,
    RATE_LIMIT_GLOBAL: 100_000,
    RATE_LIMIT_CHALLENGE: 100_000,
    // Suites fire a thousand requests at once on a shared, busy machine: load shedding and the hourly cap would
    // turn them into 503s. Backpressure and cap tests lower these explicitly.
    MAX_IN_FLIGHT: 100_000,
    DB_MAX_WAITING: 100_000,
    MAX_EVENT_LOOP_DELAY_MS: 0,
    MAX_HEAP_USED_BYTES: 0,
    MAX_RSS_BYTES: 0,
    MUNICIPALITY_HOURLY_CAP: 1_000_000,
    METRICS_TOKEN: TEST_METRICS_TOKEN,
    ...overrides,
  })
  const app = await buildApp({ config, database, logStream, ...(options.clock ? { clock: options.clock } : {}) })
  await app.ready()
  return { app, database, logs, close: () => app.close() }
}

export interface RunningServer extends TestApp {
  url: string
}

/** The app listening on 127.0.0.1 at a free port (browser tests, real sockets). */
export async function startServer(opts: { seedDemo?: boolean; reset?: boolean; config?: Partial<Config> } = {}): Promise<RunningServer> {
  const test = await buildTestApp(opts.config)
  if (opts.reset ?? true) await resetData(test.database)
  if (opts.seedDemo) await seedDemo(test.database)
  await test.app.listen({ host: '127.0.0.1', port: 0 })
  const address = test.app.server.address()
  const port = typeof address === 'object' && address ? address.port : 0
  return { ...test, url: `http://127.0.0.1:${port}` }
}
