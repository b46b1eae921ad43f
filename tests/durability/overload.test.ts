// Overload on PostgreSQL: at five times the sustainable rate the API answers every request with 201 or a 503 problem,
// keeps its memory bounded, is back to normal without a restart, and every acknowledged report is stored.
import { createDatabase, loadMunicipalities, runMigrations, type Database } from '@meldpunt/db'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idempotencyKeyHash } from '../../apps/api/src/modules/intake/service.js'
import { resetData } from '../helpers/database.js'
import { sleep, startApi, type Child } from './harness.js'
import { closedLoop, openLoop, summarize, withPeakRss } from './load.js'

const DATABASE_URL = process.env.DATABASE_URL
if (!DATABASE_URL) console.warn('durability: skipped — set DATABASE_URL to a PostgreSQL database (this test overloads a server process on it)')

const HEAP_BOUND = 256 * 1024 ** 2

describe.skipIf(!DATABASE_URL)('overload', () => {
  let db: Database
  let api: Child

  beforeAll(async () => {
    db = await createDatabase({ url: DATABASE_URL })
    await runMigrations(db)
    await loadMunicipalities(db)
    await resetData(db)
    // Production settings, with a heap bound small enough that this test would notice memory running away.
    api = await startApi({ DATABASE_URL: DATABASE_URL!, MAX_HEAP_USED_BYTES: String(HEAP_BOUND) })
  })

  afterAll(async () => {
    api?.proc.kill('SIGTERM')
    await api?.exited
    await db?.close()
  })

  it('answers 201 or a fast 503 at 5× the sustainable rate, stays bounded, recovers, and loses nothing it acknowledged', async () => {
    await closedLoop(api.url, 8, 2) // warm-up: compiled code paths, pooled connections
    const sustainable = summarize(await closedLoop(api.url, 32, 5))
    expect(sustainable.other).toEqual({})
    const rate = Math.max(50, Math.round(sustainable.createdPerS * 5))
    const baseline = api.rssBytes()

    // Generous client timeout: on a shared two-core machine the load generator competes with the server for CPU.
    const { result, peakRss } = await withPeakRss(api.rssBytes, () => openLoop(api.url, rate, 8, 30_000))
    const overload = summarize(result)
    console.log(
      `sustainable ${Math.round(sustainable.createdPerS)}/s; offered ${rate}/s: ${overload.created} × 201, ${overload.overloaded} × 503, ` +
        `p99 ${Math.round(overload.p99Ms)} ms (503s ${Math.round(overload.p99RefusalMs)} ms); RSS ${Math.round(baseline / 1e6)} → peak ${Math.round(peakRss / 1e6)} MB`,
    )
    // Every request got an answer, and every answer was "stored" or "busy, retry": no 5xx of another kind, no timeout, no reset.
    expect(overload.other).toEqual({})
    expect(overload.created).toBeGreaterThan(0)
    expect(overload.overloaded).toBeGreaterThan(0)
    // Memory stays bounded: shedding keeps queued work, and so memory, from growing with the offered load.
    expect(peakRss).toBeLessThan(baseline + HEAP_BOUND)

    // Back to normal without a restart: soon a run at a modest pace is all 201.
    let recovered = false
    const afterwards: string[] = []
    for (let i = 0; i < 15 && !recovered; i++) {
      await sleep(1000)
      const check = summarize(await closedLoop(api.url, 4, 1))
      afterwards.push(...check.acked)
      recovered = check.created > 0 && check.overloaded === 0 && Object.keys(check.other).length === 0
    }
    expect(recovered).toBe(true)
    expect(await (await fetch(`${api.url}/readyz`)).json()).toMatchObject({ status: 'ready' })

    // Every acknowledged report, from every phase, is in the database: one row per key.
    const acked = [...sustainable.acked, ...overload.acked, ...afterwards]
    const stored = await db.query<{ n: number }>('select count(*)::int as n from idempotency_keys where key = any($1)', [acked.map(idempotencyKeyHash)])
    expect(stored[0]!.n).toBe(acked.length)
    const [reports] = await db.query<{ n: number }>('select count(*)::int as n from reports')
    expect(reports!.n).toBeGreaterThanOrEqual(acked.length)
  })
})
