// Several instances on one database, two app instances in this process (both backends): what several processes behind a
// load balancer share through the database. The multi-process tests with HAProxy are in tests/instances/.
import { acquireLease, dailySecret, pruneInstanceState } from '@meldpunt/db'
import { sql } from 'drizzle-orm'
import pino from 'pino'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { JobLeases } from '../../apps/api/src/lib/job-lease.js'
import { solveForHeader } from '../../apps/api/src/plugins/proof-of-work.js'
import { contractBody, newKey } from '../fixtures.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, readMetrics, type TestApp } from '../helpers/server.js'

const SHARED = { ALTCHA_HMAC_KEY: 'shared-instances-key-0123456789abcdef', POW_REQUIRED: true, POW_COST: 5, POW_MAX_COUNTER: 50 } as const
let a: TestApp
let b: TestApp
beforeAll(async () => {
  a = await buildTestApp({ ...SHARED, RATE_LIMIT_STORE: 'database', RATE_LIMIT_REPORTS: 6 })
  b = await buildTestApp({ ...SHARED, RATE_LIMIT_STORE: 'database', RATE_LIMIT_REPORTS: 6 })
})
afterAll(async () => {
  await a.close()
  await b.close()
})
beforeEach(() => resetData(a.database))

const post = (t: TestApp, body: unknown, key: string, pow?: string, remoteAddress = '192.0.2.1') =>
  t.app.inject({
    method: 'POST',
    url: '/api/v1/reports',
    remoteAddress,
    headers: { 'content-type': 'application/json', 'idempotency-key': key, ...(pow === undefined ? {} : { 'x-meldpunt-pow': pow }) },
    payload: JSON.stringify(body),
  })

async function solved(t: TestApp): Promise<string> {
  const res = await t.app.inject({ url: '/api/v1/challenge', remoteAddress: '192.0.2.200' })
  expect(res.statusCode).toBe(200)
  return solveForHeader(res.json())
}

const count = async (table: string) => (await a.database.query<{ n: number }>(`select count(*)::int as n from ${table}`))[0]!.n

describe('proof of work across instances', () => {
  it('accepts a challenge issued by another instance, spends it once for all, and replays a retry anywhere', async () => {
    const pow = await solved(a)
    const key = newKey()
    const body = contractBody()
    const first = await post(b, body, key, pow)
    expect(first.statusCode).toBe(201)
    // Instance a never saw this solution: only the database knows it is spent.
    const other = await post(a, contractBody({ description: 'another report' }), newKey(), pow)
    expect(other.statusCode).toBe(403)
    expect(other.json().detail).toMatch(/already used/)
    const retry = await post(a, body, key, pow)
    expect(retry.statusCode).toBe(201)
    expect(retry.rawPayload.equals(first.rawPayload)).toBe(true)
    expect(await count('reports')).toBe(1)
    expect(await count('pow_spent')).toBe(1)
  })

  it('spends a solution only when its report commits: a refused report leaves it unspent', async () => {
    const pow = await solved(a)
    const bad = await post(a, { ...contractBody(), location: { lon: 2.0, lat: 52.0, precision: 'exact' } }, newKey(), pow)
    expect(bad.statusCode).toBe(422)
    expect(await count('pow_spent')).toBe(0)
  })
})

describe('rate limits across instances', () => {
  it('counts one resident once over all instances, and another resident apart', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 18; i++) statuses.push((await post(i % 2 ? a : b, contractBody(), newKey(), await solved(a), '2001:db8:5:6::' + (i + 1))).statusCode)
    expect(statuses.filter((s) => s === 201)).toHaveLength(6)
    expect(statuses.filter((s) => s === 429)).toHaveLength(12)
    expect((await post(a, contractBody(), newKey(), await solved(a), '2001:db8:5:7::1')).statusCode).toBe(201)
  })

  it('shares one secret per day and deletes those before yesterday', async () => {
    const one = await dailySecret(a.database, '2030-01-01', Buffer.alloc(32, 1))
    const two = await dailySecret(b.database, '2030-01-01', Buffer.alloc(32, 2))
    expect(two.equals(one)).toBe(true)
    await dailySecret(a.database, '2030-01-03', Buffer.alloc(32, 3))
    const days = await a.database.rows<{ day: string }>(sql`select day::text as day from rate_limit_secrets where day >= '2030-01-01' order by day`)
    expect(days.map((d) => d.day)).toEqual(['2030-01-03'])
  })

  // PGlite has one connection, so two instances can never insert at the same moment there.
  it.skipIf(process.env.DATABASE_URL === undefined)('reads the secret another instance is inserting at that moment', async () => {
    const clear = () => a.database.rows(sql`delete from rate_limit_secrets where day >= '2030-01-01'`)
    await clear()
    let asked!: Promise<Buffer>
    await a.database.transaction(async (tx) => {
      await tx.rows(sql`insert into rate_limit_secrets (day, secret) values ('2030-02-01', decode(repeat('07', 32), 'hex'))`)
      // The second instance's statement waits on the uncommitted row, then finds the day taken.
      asked = dailySecret(b.database, '2030-02-01', Buffer.alloc(32, 9))
      await new Promise((resolve) => setTimeout(resolve, 300))
    })
    expect((await asked).equals(Buffer.alloc(32, 7))).toBe(true)
    await clear()
  })
})

describe('rate limits in Redis', () => {
  it('fails open: with the store unreachable, reports are still taken', async () => {
    // Nothing listens on port 1: every store call fails at once (no offline queue), and intake must not stop.
    const t = await buildTestApp({ ...SHARED, POW_REQUIRED: false, RATE_LIMIT_REDIS_URL: 'redis://127.0.0.1:1', RATE_LIMIT_REPORTS: 2 })
    try {
      const statuses: number[] = []
      for (let i = 0; i < 4; i++) statuses.push((await post(t, contractBody(), newKey(), undefined, '192.0.2.77')).statusCode)
      expect(statuses).toEqual([201, 201, 201, 201])
    } finally {
      await t.close()
    }
  })

  it.skipIf(!process.env.RATE_LIMIT_TEST_REDIS_URL)('counts one resident once over instances sharing Redis', async () => {
    const url = process.env.RATE_LIMIT_TEST_REDIS_URL!
    const [x, y] = [await buildTestApp({ ...SHARED, RATE_LIMIT_REDIS_URL: url, RATE_LIMIT_REPORTS: 6 }), await buildTestApp({ ...SHARED, RATE_LIMIT_REDIS_URL: url, RATE_LIMIT_REPORTS: 6 })]
    try {
      // A fresh resident each run: Redis keeps counts between runs for a minute.
      const address = `2001:db8:${Math.floor(Math.random() * 0xffff).toString(16)}:1::1`
      const statuses: number[] = []
      for (let i = 0; i < 12; i++) statuses.push((await post(i % 2 ? x : y, contractBody(), newKey(), await solved(x), address)).statusCode)
      expect(statuses.filter((s) => s === 201)).toHaveLength(6)
      expect(statuses.filter((s) => s === 429)).toHaveLength(6)
    } finally {
      await x.close()
      await y.close()
    }
  })
})

describe('job leases', () => {
  const log = pino({ level: 'silent' })
  it('runs a job once when instances start it together', async () => {
    let runs = 0
    const outcomes: string[] = []
    const instances = [1, 2, 3].map(() => new JobLeases({ db: a.database, log, leaseMs: 400, onOutcome: (_job, o) => outcomes.push(o) }))
    const results = await Promise.all(instances.map((j) => j.run('spike-check', '2030-01-01', async () => {
      runs++
      await new Promise((r) => setTimeout(r, 300))
    })))
    expect(runs).toBe(1)
    expect(results.sort()).toEqual(['ran', 'skipped', 'skipped'])
    expect(outcomes.sort()).toEqual(['ran', 'skipped', 'skipped'])
  })

  it('takes over the run of a holder that died, once its lease expired', async () => {
    // A holder that took the lease and then stopped (SIGKILL): it never renews nor finishes.
    expect(await acquireLease(a.database, 'spike-check', '2030-01-02', 'dead-holder', 300)).toBe('acquired')
    const jobs = new JobLeases({ db: b.database, log, leaseMs: 300 })
    let ran = false
    expect(await jobs.run('spike-check', '2030-01-02', async () => void (ran = true))).toBe('ran')
    expect(ran).toBe(true)
    const [row] = await a.database.rows<{ holder: string; finished: boolean }>(sql`select holder, finished_at is not null as finished from job_leases where run_key = '2030-01-02'`)
    expect(row).toEqual({ holder: jobs.holder, finished: true })
  })

  it('counts runs and skips in meldpunt_jobs_runs_total{job,outcome}', async () => {
    expect(await a.app.jobs.run('retention-purge', 'm1', async () => {})).toBe('ran')
    expect(await b.app.jobs.run('retention-purge', 'm1', async () => {})).toBe('skipped')
    expect((await readMetrics(a.app)).body).toContain('meldpunt_jobs_runs_total{job="retention-purge",outcome="ran"} 1')
    expect((await readMetrics(b.app)).body).toContain('meldpunt_jobs_runs_total{job="retention-purge",outcome="skipped"} 1')
  })

  it('prunes finished rate-limit windows and expired spent challenges, and nothing live', async () => {
    await a.database.rows(sql`insert into rate_limit_hits (key, hits, expires_at) values ('old', 3, now() - interval '1 second'), ('live', 1, now() + interval '1 minute')`)
    await a.database.rows(sql`insert into pow_spent (nonce, key_hash, expires_at) values ('n1', 'k', now() - interval '1 second'), ('n2', 'k', now() + interval '1 minute')`)
    expect(await pruneInstanceState(a.database)).toEqual({ rateLimitRows: 1, spentChallenges: 1 })
    expect(await count('rate_limit_hits')).toBe(1)
    expect(await count('pow_spent')).toBe(1)
  })

  it('gives a failed run back at once, so the next attempt runs it', async () => {
    const jobs = new JobLeases({ db: a.database, log, leaseMs: 60_000 })
    await expect(jobs.run('retention-purge', 'x', async () => { throw new Error('boom') })).rejects.toThrow('boom')
    expect(await new JobLeases({ db: b.database, log, leaseMs: 60_000 }).run('retention-purge', 'x', async () => {})).toBe('ran')
  })
})
