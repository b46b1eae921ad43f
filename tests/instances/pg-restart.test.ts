// PostgreSQL stopped for 10 s under load and started again. While it is gone every instance answers
// 503 with Retry-After within a second and /readyz says 503; when it is back the pools recover by themselves, and
// every acknowledged report is stored exactly once.
//
// This stops a whole PostgreSQL cluster, so it runs only against one made for it:
//   RESTART_CLUSTER="15 instances"  RESTART_DATABASE_URL=postgres://postgres@127.0.0.1:5441/meldpunt_restart
// (.ci/run creates such a cluster; never point it at a shared one).
import { createDatabase, loadMunicipalities, runMigrations } from '@meldpunt/db'
import { execFileSync } from 'node:child_process'
import { afterAll, describe, expect, it } from 'vitest'
import { idempotencyKeyHash } from '../../apps/api/src/modules/intake/service.js'
import { sleep, startApi, type Child } from '../durability/harness.js'
import { contractBody, newKey } from '../fixtures.js'
import { resetData } from '../helpers/database.js'
import { send, SHARED_KEY } from './harness.js'

const CLUSTER = process.env.RESTART_CLUSTER?.split(' ')
const URL_ = process.env.RESTART_DATABASE_URL
const cluster = (action: 'stop' | 'start') => execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', CLUSTER![0]!, CLUSTER![1]!, action, ...(action === 'stop' ? ['-m', 'fast'] : [])], { stdio: 'pipe' })

let api: Child[] = []
afterAll(async () => {
  for (const c of api) c.proc.kill('SIGKILL')
  await Promise.all(api.map((c) => c.exited))
})

describe.skipIf(!CLUSTER || !URL_)('PostgreSQL restarted under load', () => {
  it('answers 503 + Retry-After fast while it is gone, recovers alone, and loses or doubles no acknowledged report', async () => {
    const setup = await createDatabase({ url: URL_ })
    await runMigrations(setup)
    await loadMunicipalities(setup)
    await resetData(setup)
    await setup.close()
    const env = { DATABASE_URL: URL_!, ALTCHA_HMAC_KEY: SHARED_KEY, POW_REQUIRED: 'false', MIGRATE_ON_START: 'false', SPIKE_SCHEDULE: 'false', DB_CONNECT_TIMEOUT_MS: '1000' }
    api = await Promise.all([0, 1, 2].map(() => startApi(env)))
    // The warn lines of an outage fill the harness's output buffer; keep error-level lines apart for failure messages.
    const errorLines: string[] = []
    for (const c of api) c.proc.stdout!.on('data', (d: Buffer) => errorLines.push(...d.toString().split('\n').filter((l) => /"level":50/.test(l))))

    const items = Array.from({ length: 300 }, (_, i) => ({ key: newKey(), body: JSON.stringify(contractBody({ description: `restart #${i}` })) }))
    const pending = [...items]
    const acked = new Map<string, string>()
    const unexpected: string[] = []
    let n = 0
    const worker = async (): Promise<void> => {
      for (;;) {
        const item = pending.shift()
        if (!item) return
        const target = api[n++ % api.length]!
        const res = await send(`${target.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': item.key }, body: item.body, timeoutMs: 5000 }).catch(() => null)
        if (res?.status === 201) {
          const id = (JSON.parse(res.body.toString()) as { id: string }).id
          if (acked.has(item.key) && acked.get(item.key) !== id) unexpected.push(`two ids for ${item.key}`)
          acked.set(item.key, id)
          await sleep(20)
        } else {
          if (res && res.status !== 503 && res.status !== 409) unexpected.push(`status ${res.status}: ${res.body.toString().slice(0, 200)}`)
          pending.push(item)
          await sleep(200)
        }
      }
    }
    const load = Promise.all(Array.from({ length: 6 }, worker))
    await sleep(1500)

    cluster('stop')
    const stoppedAt = Date.now()
    const slow: string[] = []
    const refusals: { status: number; retryAfter: unknown }[] = []
    const ready: number[] = []
    try {
      // Probe every instance while the database is away (give the pools a moment to notice).
      await sleep(1000)
      while (Date.now() - stoppedAt < 10_000) {
        for (const c of api) {
          const t0 = Date.now()
          const res = await send(`${c.url}/api/v1/reports`, { method: 'POST', headers: { 'content-type': 'application/json', 'idempotency-key': newKey() }, body: JSON.stringify(contractBody()), timeoutMs: 5000 })
          if (Date.now() - t0 > 1000) slow.push(`${c.port}: ${Date.now() - t0} ms`)
          refusals.push({ status: res.status, retryAfter: res.headers['retry-after'] })
          ready.push((await send(`${c.url}/readyz`, { timeoutMs: 5000 })).status)
        }
        await sleep(500)
      }
    } finally {
      cluster('start')
    }
    expect(slow).toEqual([])
    expect(refusals.length).toBeGreaterThan(0)
    expect(refusals.every((r) => r.status === 503 && typeof r.retryAfter === 'string' && Number(r.retryAfter) > 0), JSON.stringify(refusals.slice(0, 5))).toBe(true)
    expect(new Set(ready)).toEqual(new Set([503]))

    // Back: every instance ready again by itself, and the load finishes.
    const back = Date.now()
    for (const c of api) {
      while ((await send(`${c.url}/readyz`).catch(() => null))?.status !== 200) {
        expect(Date.now() - back).toBeLessThan(60_000)
        await sleep(200)
      }
    }
    await load
    // On failure, what the instances logged at error level says which database error was not taken for an outage.
    expect(unexpected, errorLines.slice(0, 5).join('\n')).toEqual([])
    expect(acked.size).toBe(items.length)

    const db = await createDatabase({ url: URL_ })
    try {
      const [counts] = await db.query<{ reports: number; texts: number; keys: number; rollup: number }>(`
        select (select count(*) from reports)::int as reports, (select count(distinct description) from reports)::int as texts,
               (select count(*) from idempotency_keys)::int as keys, (select coalesce(sum(n), 0) from rollup_cell_day)::int as rollup`)
      expect(counts).toEqual({ reports: items.length, texts: items.length, keys: items.length, rollup: items.length })
      const keys = await db.query<{ key: string }>('select key from idempotency_keys')
      expect(new Set(keys.map((k) => k.key))).toEqual(new Set([...acked.keys()].map(idempotencyKeyHash)))
    } finally {
      await db.close()
    }
  })
})
