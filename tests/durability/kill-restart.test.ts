// Durability on PostgreSQL: reports sent concurrently, the API killed with SIGKILL at a random moment and restarted,
// the client retrying what was not acknowledged. Every acknowledged report is stored exactly once, none twice. Five rounds.
import { createDatabase, loadMunicipalities, runMigrations, type Database } from '@meldpunt/db'
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { idempotencyKeyHash } from '../../apps/api/src/modules/intake/service.js'
import { contractBody, newKey } from '../fixtures.js'
import { resetData } from '../helpers/database.js'
import { postReport, ROOT, sleep, startApi, type Child } from './harness.js'

const DATABASE_URL = process.env.DATABASE_URL
if (!DATABASE_URL) console.warn('durability: skipped — set DATABASE_URL to a PostgreSQL database (these tests kill a server process on it)')

const ROUNDS = 5
const REPORTS_PER_ROUND = 400
const CONCURRENCY = 24
const ACK_LOG = `${ROOT}artifacts/durability-acked-keys.jsonl`

describe.skipIf(!DATABASE_URL)('SIGKILL during intake', () => {
  let db: Database
  let api: Child | undefined

  beforeAll(async () => {
    db = await createDatabase({ url: DATABASE_URL })
    // Migrate here, so restarts of the child never race each other over it.
    await runMigrations(db)
    await loadMunicipalities(db)
    await resetData(db)
    mkdirSync(`${ROOT}artifacts`, { recursive: true })
    writeFileSync(ACK_LOG, '')
  })

  afterAll(async () => {
    api?.proc.kill('SIGKILL')
    await db?.close()
  })

  it(`stores every acknowledged report exactly once over ${ROUNDS} kill-and-restart rounds`, async () => {
    api = await startApi({ DATABASE_URL: DATABASE_URL! })
    const port = api.port
    const summary: string[] = []

    for (let round = 1; round <= ROUNDS; round++) {
      const items = Array.from({ length: REPORTS_PER_ROUND }, (_, i) => ({ key: newKey(), body: JSON.stringify(contractBody({ description: `durability r${round} #${i}` })), label: `durability r${round} #${i}` }))
      const byKey = new Map(items.map((it) => [it.key, it]))
      const pending = [...items]
      const acked = new Map<string, string>() // key → report id from the 201
      const unexpected: string[] = []
      let networkErrors = 0
      let retries = 0
      // Stored before the kill but the answer was lost: the retry gets the stored answer, not a second report.
      let replayedAfterLoss = 0
      // The kill comes once a random share (10–80 %) of this round has been acknowledged: mid-load, never before or after.
      const killAfter = Math.floor(REPORTS_PER_ROUND * (0.1 + Math.random() * 0.7))
      let killed = false
      let ackedAtKill = 0
      let restart: Promise<void> | undefined

      const worker = async (): Promise<void> => {
        while (pending.length > 0 || acked.size < items.length) {
          const item = pending.shift()
          if (!item) {
            await sleep(20)
            continue
          }
          const a = await postReport(api!.url, item.key, item.body, 5000)
          if (a.status === 201) {
            const id = (JSON.parse(a.body!) as { id: string }).id
            const before = acked.get(item.key)
            if (before && before !== id) unexpected.push(`key ${item.key} acknowledged with two report ids`)
            if (!before && a.replayed) replayedAfterLoss++
            if (!before) appendFileSync(ACK_LOG, `${JSON.stringify({ round, key: item.key, id, at: new Date().toISOString() })}\n`)
            acked.set(item.key, id)
            if (!killed && acked.size >= killAfter) {
              killed = true
              ackedAtKill = acked.size
              api!.proc.kill('SIGKILL')
              restart = (async () => {
                await api!.exited
                api = await startApi({ DATABASE_URL: DATABASE_URL! }, port)
              })()
            }
          } else if (a.status === 'network-error' || a.status === 503 || a.status === 409) {
            // Not acknowledged: the report may or may not be stored; the same key makes the retry safe.
            if (a.status === 'network-error') networkErrors++
            retries++
            pending.push(item)
            await sleep(50 + Math.random() * 150)
          } else {
            unexpected.push(`${a.status} for ${item.key}: ${a.body?.slice(0, 200)}`)
            acked.set(item.key, 'refused')
          }
        }
      }
      await Promise.all(Array.from({ length: CONCURRENCY }, worker))
      await restart
      expect(unexpected, api!.output()).toEqual([])
      expect(killed).toBe(true)
      expect(ackedAtKill).toBeLessThan(REPORTS_PER_ROUND)

      // Every acknowledged key is stored once, with the report the client was told about, and nothing is stored twice.
      const hashes = items.map((it) => idempotencyKeyHash(it.key))
      const stored = await db.query<{ key: string }>('select key from idempotency_keys where key = any($1)', [hashes])
      expect(stored).toHaveLength(REPORTS_PER_ROUND)
      const reports = await db.query<{ description: string; n: number; ids: string[] }>(
        `select description, count(*)::int as n, array_agg(id::text) as ids from reports where description like $1 group by description`,
        [`durability r${round} #%`],
      )
      expect(reports).toHaveLength(REPORTS_PER_ROUND)
      const idByLabel = new Map(reports.map((r) => [r.description, r]))
      for (const [key, id] of acked) {
        const row = idByLabel.get(byKey.get(key)!.label)
        expect(row?.n, key).toBe(1)
        expect(row?.ids[0], key).toBe(id)
      }
      summary.push(`round ${round}: killed after ${ackedAtKill}/${REPORTS_PER_ROUND} acknowledged, ${networkErrors} network errors, ${retries} retries, ${replayedAfterLoss} stored-but-unacknowledged replayed`)
    }

    // Rollups count each stored report once: nothing half-written survived a kill.
    const [totals] = await db.query<{ reports: number; receipts: number; keys: number; cells: number; hours: number }>(
      `select (select count(*)::int from reports) as reports, (select count(*)::int from receipts) as receipts,
              (select count(*)::int from idempotency_keys) as keys,
              (select sum(n)::int from rollup_cell_day) as cells, (select sum(n)::int from rollup_hour_day) as hours`,
    )
    const all = ROUNDS * REPORTS_PER_ROUND
    expect(totals).toEqual({ reports: all, receipts: all, keys: all, cells: all, hours: all })
    console.log(summary.join('\n'))
  })
})
