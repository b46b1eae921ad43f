// Load shedding, the hourly municipality cap, transient database errors and draining: fast 503 problems, nothing half-stored.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Database } from '@meldpunt/db'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { connect, type AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import { buildApp } from '../../apps/api/src/app.js'
import { testConfig, type Config } from '../../apps/api/src/config.js'
import { contractBody, newKey, PLACES } from '../fixtures.js'
import { resetData, testDatabase, holdIntake } from '../helpers/database.js'
import { buildTestApp, readMetrics, TEST_METRICS_TOKEN, type TestApp } from '../helpers/server.js'

let db: Database
beforeAll(async () => {
  db = await testDatabase()
})
beforeEach(() => resetData(db))

const json = { 'content-type': 'application/json' }
const postReport = (t: { app: TestApp['app'] }, body = contractBody(), key = newKey()) =>
  t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { ...json, 'idempotency-key': key }, payload: JSON.stringify(body) })

async function storedCounts(): Promise<string> {
  const [row] = await db.query<{ r: string }>(
    `select concat_ws(',', (select count(*) from reports), (select count(*) from receipts), (select count(*) from idempotency_keys),
       (select coalesce(sum(n), 0) from rollup_cell_day)) as r`,
  )
  return row!.r
}

function expectOverloaded(res: { statusCode: number; headers: Record<string, unknown>; json(): { code: string } }, code = 'MELDPUNT_ERR_OVERLOADED'): void {
  expect(res.statusCode).toBe(503)
  expect(res.headers['content-type']).toContain('application/problem+json')
  expect(res.json().code).toBe(code)
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0)
  expect(res.headers['content-security-policy']).toContain("default-src 'self'")
  expect(res.headers['cache-control']).toBe('no-store')
}

/** The app on a database whose pool reports or throws what a test needs. */
async function appOn(database: Database, overrides: Partial<Config> = {}) {
  const logs: string[] = []
  const app = await buildApp({
    config: testConfig({ LOG_LEVEL: 'info', MAX_EVENT_LOOP_DELAY_MS: 0, MAX_HEAP_USED_BYTES: 0, METRICS_TOKEN: TEST_METRICS_TOKEN, ...overrides }),
    database,
    logStream: new Writable({ write: (c, _e, done) => { logs.push(String(c)); done() } }),
  })
  await app.ready()
  return { app, logs }
}

describe('sampled pressure (under-pressure)', () => {
  let t: TestApp
  beforeAll(async () => {
    // A heap bound of one byte: every sample is over it, the way a real memory squeeze looks.
    t = await buildTestApp({ MAX_HEAP_USED_BYTES: 1, RESIDENT_HEADROOM_BYTES: 0, PRESSURE_SAMPLE_INTERVAL_MS: 10 })
    await new Promise((r) => setTimeout(r, 100))
  })
  afterAll(() => t.close())

  it('refuses intake and public reads with a 503 problem and Retry-After, storing nothing', async () => {
    expectOverloaded(await postReport(t))
    expectOverloaded(await t.app.inject({ url: '/api/v1/taxonomy' }))
    expectOverloaded(await t.app.inject({ url: '/no/such/page' }))
    expect(await storedCounts()).toBe('0,0,0,0')
  })

  it('keeps serving the web app\'s own files, but not unknown pages', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'meldpunt-dist-'))
    mkdirSync(join(dist, 'assets'))
    writeFileSync(join(dist, 'index.html'), '<!doctype html><html><body>ok</body></html>')
    writeFileSync(join(dist, 'assets', 'app-1234.js'), 'console.log(1)')
    const web = await buildTestApp({ MAX_HEAP_USED_BYTES: 1, RESIDENT_HEADROOM_BYTES: 0, PRESSURE_SAMPLE_INTERVAL_MS: 10, WEB_DIST: dist })
    try {
      await new Promise((r) => setTimeout(r, 100))
      expect((await web.app.inject({ url: '/' })).statusCode).toBe(200)
      expect((await web.app.inject({ url: '/assets/app-1234.js' })).statusCode).toBe(200)
      expectOverloaded(await web.app.inject({ url: '/no/such/page' }))
      expectOverloaded(await postReport(web))
    } finally {
      await web.close()
      rmSync(dist, { recursive: true, force: true })
    }
  })

  it('keeps health, readiness and metrics answering; readiness says it sheds, so a balancer moves traffic', async () => {
    expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200)
    const ready = await t.app.inject({ url: '/readyz' })
    expect(ready.statusCode).toBe(503)
    expect(ready.json().reason).toBe('shedding load (heap)')
    const metrics = await readMetrics(t.app)
    expect(metrics.statusCode).toBe(200)
    expect(metrics.body).toMatch(/meldpunt_requests_shed_total\{reason="heap"\} [1-9]/)
  })
})

describe('immediate admission limits', () => {
  it('sheds past MAX_IN_FLIGHT at once, finishes what it admitted, and recovers without a restart', async () => {
    const t = await buildTestApp({ MAX_IN_FLIGHT: 1 })
    try {
      // Hold the first report inside its transaction with a lock on the key table.
      const hold = await holdIntake(db)
      const first = postReport(t)
      await new Promise((r) => setTimeout(r, 200))
      expectOverloaded(await postReport(t))
      expectOverloaded(await t.app.inject({ url: '/api/v1/taxonomy' }))
      expect((await t.app.inject({ url: '/healthz' })).statusCode).toBe(200)
      hold.release()
      await hold.done
      expect((await first).statusCode).toBe(201)
      // Back to normal: the in-flight count went down again.
      expect((await postReport(t)).statusCode).toBe(201)
      expect(t.app.loadShedding.inFlight()).toBe(0)
      expect(await storedCounts()).toBe('2,2,2,2')
    } finally {
      await t.close()
    }
  })

  it('sheds when the database pool queue is full, before touching the database', async () => {
    let transactions = 0
    const busy: Database = {
      ...db,
      transaction: (fn, o) => {
        transactions++
        return db.transaction(fn, o)
      },
      poolStats: () => ({ total: 10, idle: 0, waiting: 50 }),
    }
    const { app } = await appOn(busy, { DB_MAX_WAITING: 50 })
    try {
      expectOverloaded(await postReport({ app }))
      expect(transactions).toBe(0)
      const metrics = await readMetrics(app)
      expect(metrics.body).toMatch(/meldpunt_requests_shed_total\{reason="db-queue"\} 1/)
      expect(metrics.body).toMatch(/meldpunt_db_pool_connections\{state="waiting"\} 50/)
    } finally {
      await app.close()
    }
  })
})

describe('database trouble', () => {
  it.each([
    ['a statement timeout', Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' })],
    ['no pooled connection in time', new Error('timeout exceeded when trying to connect')],
    ['the server shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
  ])('answers %s with 503 and Retry-After, not 500', async (_name, error) => {
    const failing: Database = { ...db, transaction: async () => { throw error }, query: async () => { throw error } }
    const { app, logs } = await appOn(failing)
    try {
      const res = await postReport({ app })
      expectOverloaded(res)
      expect(res.body).not.toContain('5432')
      expect(logs.join('\n')).toContain('database unavailable or overloaded')
    } finally {
      await app.close()
    }
  })
})

describe('hourly cap per municipality', () => {
  let t: TestApp
  beforeAll(async () => {
    t = await buildTestApp({ MUNICIPALITY_HOURLY_CAP: 3 })
  })
  afterAll(() => t.close())

  it('accepts up to the cap, then answers 503 until the next hour; other municipalities and replays are unaffected', async () => {
    const accepted: { key: string; body: Record<string, unknown> }[] = []
    for (let i = 0; i < 3; i++) {
      const key = newKey()
      const body = contractBody({ description: `report ${i}` })
      expect((await postReport(t, body, key)).statusCode).toBe(201)
      accepted.push({ key, body })
    }
    const refused = await postReport(t, contractBody({ description: 'one too many' }))
    expectOverloaded(refused, 'MELDPUNT_ERR_MUNICIPALITY_BUSY')
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(3600)
    expect(await storedCounts()).toBe('3,3,3,3')
    // A retry of an accepted report still replays: the cap counts new reports only.
    const replay = await postReport(t, accepted[0]!.body, accepted[0]!.key)
    expect(replay.statusCode).toBe(201)
    expect(replay.headers['idempotency-replayed']).toBe('true')
    // Utrecht has its own budget.
    expect((await postReport(t, contractBody({ location: { ...PLACES.utrecht, precision: 'exact' } }))).statusCode).toBe(201)
    // Counters are sharded (migrations/0030): the count is the sum over a municipality's shards.
    const counters = await db.query<{ municipality_code: string; n: number }>('select municipality_code, sum(n)::int as n from intake_hourly group by 1 order by 1')
    expect(counters).toEqual([
      { municipality_code: 'GM0344', n: 1 },
      { municipality_code: 'GM0363', n: 3 },
    ])
  })

  it('holds the cap under a concurrent burst (within the documented bound), and stores nothing for the refused ones', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => postReport(t, contractBody({ description: `burst ${i}` }))))
    const accepted = results.filter((r) => r.statusCode === 201).length
    const refused = results.filter((r) => r.statusCode === 503)
    expect(accepted + refused.length).toBe(12)
    for (const r of refused) expectOverloaded(r, 'MELDPUNT_ERR_MUNICIPALITY_BUSY')
    // The cap is read from committed counters in the intake statement itself (no hot row to queue on), so
    // statements running at the same moment can pass it by at most the number in flight: the pool size on
    // PostgreSQL; PGlite runs one statement at a time, so there it is exact.
    const bound = db.kind === 'pglite' ? 3 : 3 + 10
    expect(accepted).toBeGreaterThanOrEqual(3)
    expect(accepted).toBeLessThanOrEqual(bound)
    expect(await storedCounts()).toBe(`${accepted},${accepted},${accepted},${accepted}`)
    const [counter] = await db.query<{ n: number }>(`select sum(n)::int as n from intake_hourly where municipality_code = 'GM0363'`)
    expect(counter!.n).toBe(accepted)
  })
})

describe('draining on close', () => {
  it('finishes in-flight requests with Connection: close, and answers requests that arrive mid-close with a 503 problem', async () => {
    const t = await buildTestApp()
    await t.app.listen({ host: '127.0.0.1', port: 0 })
    const port = (t.app.server.address() as AddressInfo).port
    const hold = await holdIntake(db)
    const open = (): { write: (s: string) => void; received: () => string; ended: Promise<void> } => {
      const socket = connect(port, '127.0.0.1')
      let received = ''
      socket.on('data', (d) => (received += d.toString('latin1')))
      socket.on('error', () => {})
      return { write: (s) => socket.write(s), received: () => received, ended: new Promise<void>((r) => socket.on('close', () => r())) }
    }
    // Connection 1: a report that will be in flight when close begins.
    const first = open()
    const body = JSON.stringify(contractBody())
    first.write(
      `POST /api/v1/reports HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nidempotency-key: ${newKey()}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    )
    // Connection 2: a request whose headers are still arriving when close begins.
    const second = open()
    second.write('GET /api/v1/taxonomy HTTP/1.1\r\nhost: x\r\n')
    await new Promise((r) => setTimeout(r, 300))
    const closing = t.app.close()
    // preClose hooks run a tick later.
    for (let i = 0; i < 100 && !t.app.loadShedding.draining(); i++) await new Promise((r) => setTimeout(r, 10))
    second.write('\r\n')
    await second.ended
    hold.release()
    await hold.done
    await closing
    await first.ended
    expect(first.received()).toMatch(/^HTTP\/1\.1 201/)
    // The answer closes its connection, so the drained server is not held open by an idle keep-alive socket.
    expect(first.received()).toMatch(/connection: close/i)
    const late = second.received()
    expect(late).toMatch(/^HTTP\/1\.1 503/)
    expect(late).toMatch(/connection: close/i)
    expect(late).toMatch(/retry-after: \d+/i)
    expect(late).toContain('MELDPUNT_ERR_OVERLOADED')
    expect(late).toMatch(/content-security-policy: default-src 'self'/i)
    expect(await storedCounts()).toBe('1,1,1,1')
  })
})
