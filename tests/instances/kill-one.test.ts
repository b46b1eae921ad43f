// 600 reports sent through HAProxy to three instances, with retries, while one instance is killed with
// SIGKILL and restarted. Acknowledged keys = stored reports = idempotency rows, no duplicate, rollups = report counts.
import { createDatabase, loadMunicipalities, runMigrations, type Database } from '@meldpunt/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idempotencyKeyHash } from '../../apps/api/src/modules/intake/service.js'
import { sleep, startApi, type Child } from '../durability/harness.js'
import { contractBody, newKey } from '../fixtures.js'
import { resetData } from '../helpers/database.js'
import { send, SHARED_KEY, startHaproxy, type Proxy } from './harness.js'

const DATABASE_URL = process.env.DATABASE_URL
if (!DATABASE_URL) throw new Error('tests/instances need DATABASE_URL (PostgreSQL)')

const REPORTS = 600
const CONCURRENCY = 16
const ENV = { TRUST_PROXY: '127.0.0.1', ALTCHA_HMAC_KEY: SHARED_KEY, POW_REQUIRED: 'false', MIGRATE_ON_START: 'false', SPIKE_SCHEDULE: 'false', DATABASE_URL: DATABASE_URL }

let db: Database
let api: Child[] = []
let proxy: Proxy
beforeAll(async () => {
  db = await createDatabase({ url: DATABASE_URL })
  await runMigrations(db)
  await loadMunicipalities(db)
  await resetData(db)
  api = await Promise.all([0, 1, 2].map(() => startApi(ENV)))
  proxy = await startHaproxy(api.map((c) => c.port))
})
afterAll(async () => {
  await proxy?.stop()
  for (const c of api) c.proc.kill('SIGKILL')
  await Promise.all(api.map((c) => c.exited))
  await db?.close()
})

describe('one of three instances killed during intake', () => {
  it(`stores each of ${REPORTS} acknowledged reports exactly once`, async () => {
    const items = Array.from({ length: REPORTS }, (_, i) => ({ key: newKey(), body: JSON.stringify(contractBody({ description: `instances #${i}` })) }))
    const pending = [...items]
    const acked = new Map<string, string>()
    const unexpected: string[] = []
    let killed = false
    let restart: Promise<void> | undefined
    const worker = async (): Promise<void> => {
      for (;;) {
        const item = pending.shift()
        if (!item) return
        const res = await send(`${proxy.url}/api/v1/reports`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': item.key },
          body: item.body,
          timeoutMs: 5000,
        }).catch(() => null)
        if (res?.status === 201) {
          const id = (JSON.parse(res.body.toString()) as { id: string }).id
          const before = acked.get(item.key)
          if (before && before !== id) unexpected.push(`key ${item.key} acknowledged with two ids`)
          acked.set(item.key, id)
          if (!killed && acked.size >= REPORTS / 3) {
            killed = true
            const victim = api[1]!
            victim.proc.kill('SIGKILL')
            restart = (async () => {
              await victim.exited
              api[1] = await startApi(ENV, victim.port)
            })()
          }
        } else {
          // Not acknowledged (proxy 502/503 while the instance died, 409 in flight, a reset): retried later.
          if (res && res.status < 500 && res.status !== 409 && res.status !== 429) unexpected.push(`status ${res.status}: ${res.body.toString().slice(0, 200)}`)
          pending.push(item)
          await sleep(50)
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker))
    await restart
    expect(unexpected).toEqual([])
    expect(killed).toBe(true)
    expect(acked.size).toBe(REPORTS)

    const [counts] = await db.query<{ reports: number; distinct_texts: number; keys: number; receipts: number; day: number; hour: number; month: number }>(`
      select (select count(*) from reports)::int as reports,
             (select count(distinct description) from reports)::int as distinct_texts,
             (select count(*) from idempotency_keys)::int as keys,
             (select count(*) from receipts)::int as receipts,
             (select coalesce(sum(n), 0) from rollup_cell_day)::int as day,
             (select coalesce(sum(n), 0) from rollup_hour_day)::int as hour,
             (select coalesce(sum(n), 0) from rollup_cell_month)::int as month`)
    expect(counts).toEqual({ reports: REPORTS, distinct_texts: REPORTS, keys: REPORTS, receipts: REPORTS, day: REPORTS, hour: REPORTS, month: REPORTS })
    const stored = await db.query<{ key: string }>('select key from idempotency_keys')
    expect(new Set(stored.map((r) => r.key))).toEqual(new Set([...acked.keys()].map(idempotencyKeyHash)))
    const ids = await db.query<{ id: string }>('select id::text as id from reports')
    expect(new Set(ids.map((r) => r.id))).toEqual(new Set(acked.values()))
  })
})
