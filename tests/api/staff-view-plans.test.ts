// Query plans of the staff views that grow with history (PostgreSQL only: PGlite plans the same SQL, but it is not
// what a large municipality runs on). A past period's report page starts at the period's end in an index, and the
// reports of one hotspot cell are found through the stored-cell index, never by transforming every report.
import { addDays, daysFromTo } from '@meldpunt/core'
import { insertReportsBulk, reportPageQuery, withTenant, type Database, type ReportRow } from '@meldpunt/db'
import { seededRandom } from '../../apps/api/src/demo/generate.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resetData, testDatabase } from '../helpers/database.js'
import { reportRow } from '../fixtures.js'

const onPostgres = Boolean(process.env.DATABASE_URL)
const MUNICIPALITY = 'GM0363'

interface PlanNode {
  'Node Type': string
  'Index Name'?: string
  'Index Cond'?: string
  'Relation Name'?: string
  Plans?: PlanNode[]
}

const nodes = (p: PlanNode): PlanNode[] => [p, ...(p.Plans ?? []).flatMap(nodes)]

async function plan(db: Database, query: { toSQL(): { sql: string; params: unknown[] } }): Promise<PlanNode[]> {
  const { sql, params } = query.toSQL()
  return withTenant(db, MUNICIPALITY, async (tx) => {
    const [row] = await tx.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(`explain (format json) ${sql}`, params)
    return nodes(row!['QUERY PLAN'][0].Plan)
  })
}

describe.skipIf(!onPostgres)('query plans of staff views over two years of reports', () => {
  let db: Database
  beforeAll(async () => {
    db = await testDatabase()
    await resetData(db)
    // Two years at about 40 reports a day over a 6 km square of Amsterdam: enough for the planner to choose indexes.
    const rand = seededRandom(16)
    const rows: ReportRow[] = []
    for (const day of daysFromTo('2024-11-01', '2026-10-31')) {
      for (let k = 0; k < 40; k++) {
        const from = new Date(`${day}T${String(Math.floor(rand() * 24)).padStart(2, '0')}:00:00Z`)
        rows.push(reportRow({ occurredFrom: from, occurredTo: new Date(from.getTime() + 30 * 60_000), receivedAt: new Date(from.getTime() + 3_600_000), lon: 4.86 + rand() * 0.08, lat: 52.35 + rand() * 0.05 }))
      }
    }
    for (let k = 0; k < rows.length; k += 5000) await db.transaction((tx) => insertReportsBulk(tx, rows.slice(k, k + 5000)))
    await db.query('analyze reports')
  }, 300_000)
  afterAll(() => resetData(db))

  it('starts a past period\'s newest-first page at the period\'s end, in an index', async () => {
    const filter = { municipality: MUNICIPALITY, from: '2025-03-01', to: addDays('2025-03-01', 30) }
    const scans = (await plan(db, reportPageQuery(db, filter, { limit: 50 }))).filter((n) => n['Relation Name'] === 'reports' || n['Index Name']?.startsWith('reports'))
    expect(scans.length).toBeGreaterThan(0)
    for (const scan of scans) {
      expect(scan['Node Type'], JSON.stringify(scan)).not.toBe('Seq Scan')
      // Bounded by time in the index itself: by the period's end on occurred_from, or by local day.
      expect(scan['Index Cond'] ?? '', JSON.stringify(scan)).toMatch(/occurred_from <|local_day/)
    }
  })

  it('finds the reports of one cell through the stored-cell index, at 100 m and at 250 m', async () => {
    for (const cell of [{ size: 100, i: 1215, j: 4871 }, { size: 250, i: 486, j: 1948 }]) {
      const filter = { municipality: MUNICIPALITY, from: '2025-11-01', to: '2026-10-31', cell }
      const all = await plan(db, reportPageQuery(db, filter, { limit: 50 }))
      expect(all.some((n) => n['Node Type'] === 'Seq Scan' && n['Relation Name'] === 'reports'), JSON.stringify(all)).toBe(false)
      const cellScan = all.find((n) => n['Index Name'] === 'reports_cell_day_idx')
      expect(cellScan, JSON.stringify(all)).toBeDefined()
      expect(cellScan!['Index Cond']).toMatch(/cell_x/)
    }
  })
})
