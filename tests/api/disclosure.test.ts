// Disclosure control on what leaves the staff dashboard: the public map and weekly series, and the national overview.
// Small counts never show, none can be worked out by subtraction, no text or report id gets out, and each side keeps
// to its own: national accounts to aggregates, municipal accounts to their municipality.
import { fromRd } from '@meldpunt/analytics'
import { insertReport, NATIONAL_ROLE, publicationRows, readPublishedQuarter, withNationalAggregates, withTenant, type Database, type ReportRow } from '@meldpunt/db'
import { randomBytes, randomUUID } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO_COMPARISON_CITIES } from '../../apps/api/src/demo/generate.js'
import { seedDemo } from '../../apps/api/src/demo/seed.js'
import { CONTENT_SECURITY_POLICY } from '../../apps/api/src/plugins/security-headers.js'
import { contractBody, reportRow } from '../fixtures.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, staffRoutes, type StaffClient } from '../helpers/staff.js'

const UNTIL = new Date('2025-06-01T00:00:00Z')
// Public and national figures come per fixed quarter of ISO weeks. The demo data runs from 2023-06-05 to 2025-06-01.
const DEMO = 'period=2024-Q3'
const DEMO_QUARTERS = ['period=2023-Q3', 'period=2024-Q1', 'period=2024-Q3', 'period=2025-Q2']
// ISO weeks 1-13 of 2025 (Monday 30 December 2024 to Sunday 30 March 2025): the March reports below are in weeks 10-12.
const MARCH = 'period=2025-Q1'
const Q1_2025 = { period: '2025-Q1', from: '2024-12-30', to: '2025-03-30', weeks: 13 }
/** Thirteen suppressed weeks (an empty week reads like a small one) with the given weeks (1-based ISO week number) filled in. */
const q1Weeks = (filled: Record<number, number | null>) => Array.from({ length: 13 }, (_, i) => (i + 1 in filled ? filled[i + 1] : null))
// Staff views still take any from/to: three weeks in March 2025.
const STAFF_MARCH = 'from=2025-03-05&to=2025-03-18'
const MARK = randomBytes(6).toString('hex')
const SECRET_TEXT = `Unieke omschrijving ${MARK} bij de bushalte`
const ROTTERDAM = 'GM0599'
const GRONINGEN = 'GM0014'

let t: TestApp
let db: Database
let nationalUser: StaffClient
let amsAnalyst: StaffClient
const bodies: { label: string; body: string }[] = []

/** Sends a public GET and keeps the body for the text and id checks. */
async function open(url: string): Promise<LightMyRequestResponse> {
  const res = await t.app.inject({ method: 'GET', url })
  bodies.push({ label: url, body: res.body })
  return res
}

async function national(query = ''): Promise<LightMyRequestResponse> {
  const res = await nationalUser.get(`/api/v1/staff/national/overview${query ? `?${query}` : ''}`)
  bodies.push({ label: `national ${query}`, body: res.body })
  return res
}

/** Every number under a `count` or `total` key, however deep. */
function countsIn(value: unknown, out: number[] = []): number[] {
  if (Array.isArray(value)) for (const v of value) countsIn(v, out)
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'count' || k === 'total') && typeof v === 'number') out.push(v)
      else countsIn(v, out)
    }
  }
  return out
}

/** No published count is below the minimum: not 1 … minimum − 1, and not 0 either (0 reads like a small count). */
function expectNoSmallCounts(body: unknown, minimum: number, where: string): void {
  for (const n of countsIn(body)) expect(n, where).toBeGreaterThanOrEqual(minimum)
}

/**
 * A group's promise (packages/analytics/src/disclosure.ts): with its total published, any suppression hides at least
 * two cells whose sum (what subtraction gives) reaches the minimum, so no hidden cell is known to be empty or small.
 */
function expectUnrecoverable(cells: { count: number | null; suppressed: boolean }[], total: number | null, minimum: number, where: string): void {
  if (total === null) {
    expect(cells.every((c) => c.suppressed), where).toBe(true)
    return
  }
  const hidden = cells.filter((c) => c.suppressed)
  if (hidden.length === 0) return
  expect(hidden.length, where).toBeGreaterThanOrEqual(2)
  const remainder = total - cells.reduce((s, c) => s + (c.count ?? 0), 0)
  expect(remainder, where).toBeGreaterThanOrEqual(minimum)
}

/**
 * Reports a quarter counts, by the publication rule written independently in SQL: on the day it occurred if it was
 * received (Amsterdam time) by the end of that quarter, otherwise on the day it was received.
 */
async function publishedCount(code: string, from: string, to: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    `select count(*)::int as n from (
       select case when (received_at at time zone 'Europe/Amsterdam')::date <= $3::date and local_day >= $2::date then local_day
                   else (received_at at time zone 'Europe/Amsterdam')::date end as day
       from reports where municipality_code = $1) r
     where day between $2::date and $3::date`,
    [code, from, to],
  )
  return row!.n
}

/** A report at an RD New point on a local day at noon, received the same afternoon. */
function reportAt(x: number, y: number, day: string, category: string, description?: string): ReportRow {
  const [lon, lat] = fromRd(x, y)
  const at = new Date(`${day}T11:00:00Z`)
  return reportRow({ occurredFrom: at, occurredTo: at, receivedAt: new Date(at.getTime() + 3 * 3_600_000), lon, lat, category, ...(description ? { description } : {}) })
}

beforeAll(async () => {
  t = await buildTestApp(STAFF_TEST_CONFIG)
  db = t.database
  await resetData(db)
  await seedDemo(db, UNTIL)
  // Rotterdam: 3, 6 and 9 reports in three March weeks, in three 1000 m cells; the 9 split 7 + 2 over two 500 m cells.
  //   1000 m cell 92:437 (centre city): 7 at 500 m cell 184:874, 2 at 185:875, week of 17 March
  //   1000 m cell 94:437: 6, week of 10 March;  1000 m cell 92:439: 3, week of 3 March
  // Categories: catcalling 7, insults 6, groping 3, following 2.
  const rows: ReportRow[] = [
    ...Array.from({ length: 3 }, () => reportAt(92_250, 439_250, '2025-03-05', 'groping')),
    ...Array.from({ length: 6 }, (_, k) => reportAt(94_250, 437_250, '2025-03-12', 'insults', k === 0 ? SECRET_TEXT : undefined)),
    ...Array.from({ length: 7 }, () => reportAt(92_250, 437_250, '2025-03-19', 'catcalling')),
    ...Array.from({ length: 2 }, () => reportAt(92_750, 437_750, '2025-03-20', 'following')),
  ]
  // Groningen: three reports, all in one week.
  const groningen = Array.from({ length: 3 }, () => reportAt(233_750, 582_250, '2025-03-11', 'catcalling', SECRET_TEXT))
  // Rotterdam again, the same pattern in two other quarters: 2024-Q4 and 2024-Q2 are first looked at after a change
  // of minimum (a frozen quarter keeps the minimum it was published with).
  const later = (day: string, shift: string) => `${day.replace('2025-03', shift)}`
  for (const shift of ['2024-11', '2024-05']) {
    rows.push(
      ...Array.from({ length: 3 }, () => reportAt(92_250, 439_250, later('2025-03-05', shift), 'groping')),
      ...Array.from({ length: 6 }, () => reportAt(94_250, 437_250, later('2025-03-12', shift), 'insults')),
      ...Array.from({ length: 9 }, () => reportAt(92_250, 437_250, later('2025-03-19', shift), 'catcalling')),
    )
  }
  await db.transaction(async (tx) => {
    for (const r of rows) await insertReport(tx, ROTTERDAM, r)
    for (const r of groningen) await insertReport(tx, GRONINGEN, r)
  })
  await createStaff(db, 'landelijk@example.nl', 'national', null)
  await createStaff(db, 'ams@example.nl', 'analyst', 'GM0363')
  await createStaff(db, 'utr-admin@example.nl', 'admin', 'GM0344')
  await createStaff(db, 'ams-campaign@example.nl', 'campaign', 'GM0363')
  nationalUser = await login(t.app, 'landelijk@example.nl')
  amsAnalyst = await login(t.app, 'ams@example.nl')
})

afterAll(async () => {
  await db.query(`update municipalities set settings = settings - 'minimumCellCount' where code = $1`, [ROTTERDAM])
  await resetData(db)
  await t.close()
})

describe('population (migration 0040)', () => {
  it('knows Amsterdam and Utrecht (CBS, 1 January 2024) and leaves the rest unknown', async () => {
    const rows = await db.query<{ code: string; population: number | null }>(
      `select code, population from municipalities where code in ('GM0363', 'GM0344', 'GM0599') order by code`,
    )
    expect(rows).toEqual([
      { code: 'GM0344', population: 374238 },
      { code: 'GM0363', population: 931298 },
      { code: 'GM0599', population: null },
    ])
  })
})

describe('public map and weekly series', () => {
  it('answers for one fixed quarter of ISO weeks and shows only the cell that can be shown', async () => {
    const res = await open(`/api/v1/public/municipalities/${ROTTERDAM}/cells?cellSize=1000&${MARCH}`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ type: 'FeatureCollection', cellSize: 1000, minimum: 5, total: 18, totalSuppressed: false })
    expect(body.period).toEqual(Q1_2025)
    // 3 is below the minimum; then 6 goes too, or 18 − 9 − 6 would give the 3.
    expect(body.features.map((f: { id: string; properties: { count: number } }) => [f.id, f.properties.count])).toEqual([['1000:92:437', 9]])
    expect(body.features[0].geometry.type).toBe('Polygon')
    const categories = Object.fromEntries(body.categories.map((c: { category: string; count: number | null }) => [c.category, c.count]))
    // groping 3 and following 2 are too small, and so are the empty categories (0 reads like 1 … 4): 18 − 7 − 6
    // leaves 5 spread over every hidden category, so none is known to be empty or small.
    expect(categories).toMatchObject({ catcalling: 7, insults: 6, groping: null, following: null, 'sexual-assault': null })
    expectUnrecoverable(body.categories, body.total, 5, 'Rotterdam categories')
  })

  it('shows no 500 m cell that a 1000 m cell minus its other cells would give away', async () => {
    // 7 + 2 (and two empty 500 m cells) in one 1000 m cell of 9: showing the 7 would leave the 2. The 3 and the 6 hide
    // everything inside them.
    const body = (await open(`/api/v1/public/municipalities/${ROTTERDAM}/cells?cellSize=500&${MARCH}`)).json()
    expect(body.total).toBe(18)
    expect(body.features).toEqual([])

    // Amsterdam in a demo quarter: each published 1000 m cell minus its published 500 m cells is 0 or at least the
    // minimum, and so is the total minus all published cells.
    const coarse = (await open(`/api/v1/public/municipalities/GM0363/cells?cellSize=1000&${DEMO}`)).json()
    const fine = (await open(`/api/v1/public/municipalities/GM0363/cells?cellSize=500&${DEMO}`)).json()
    expect(coarse.total).toBeGreaterThan(300)
    expect(fine.total).toBe(coarse.total)
    // Some 500 m cells are shown, so the nesting checks below have something to check.
    expect(fine.features.length).toBeGreaterThan(0)
    const inside = new Map<string, number>()
    for (const f of fine.features as { id: string; properties: { count: number } }[]) {
      const [, i, j] = f.id.split(':').map(Number)
      const parent = `1000:${Math.floor(i! / 2)}:${Math.floor(j! / 2)}`
      inside.set(parent, (inside.get(parent) ?? 0) + f.properties.count)
    }
    const parents = new Map<string, number>(coarse.features.map((f: { id: string; properties: { count: number } }) => [f.id, f.properties.count]))
    // A 500 m cell is only shown inside a shown 1000 m cell.
    for (const parent of inside.keys()) expect(parents.has(parent), parent).toBe(true)
    for (const [parent, count] of parents) {
      const rest = count - (inside.get(parent) ?? 0)
      expect(rest === 0 || rest >= 5, `${parent}: ${count} − ${inside.get(parent) ?? 0}`).toBe(true)
    }
    for (const body of [coarse, fine]) {
      const rest = body.total - body.features.reduce((s: number, f: { properties: { count: number } }) => s + f.properties.count, 0)
      expect(rest === 0 || rest >= 5).toBe(true)
    }
  })

  it('weekly: a week of 3 shows as suppressed, not 3, like the empty weeks, and the week of 6 goes with them', async () => {
    const res = await open(`/api/v1/public/municipalities/${ROTTERDAM}/weekly?${MARCH}`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.total).toBe(18)
    expect(body.weeks).toHaveLength(13)
    expect(body.weeks.slice(9, 12)).toEqual([
      { week: '2025-03-03', isoWeek: '2025-W10', count: null, suppressed: true },
      { week: '2025-03-10', isoWeek: '2025-W11', count: null, suppressed: true },
      { week: '2025-03-17', isoWeek: '2025-W12', count: 9, suppressed: false },
    ])
    expect(body.weeks.map((w: { count: number | null }) => w.count)).toEqual(q1Weeks({ 12: 9 }))
    // 18 − 9 = 9 over twelve hidden weeks: any of them could be empty, or hold a few.
    expectUnrecoverable(body.weeks, body.total, 5, 'Rotterdam weeks')

    const groningen = (await open(`/api/v1/public/municipalities/${GRONINGEN}/weekly?${MARCH}`)).json()
    expect(groningen).toMatchObject({ total: null, totalSuppressed: true })
    expect(groningen.weeks.map((w: { count: number | null }) => w.count)).toEqual(q1Weeks({}))
    const map = (await open(`/api/v1/public/municipalities/${GRONINGEN}/cells?${MARCH}`)).json()
    expect(map).toMatchObject({ total: null, totalSuppressed: true, features: [] })
    // Three reports publish exactly what no reports publish: compare with a municipality that had none.
    const empty = (await open(`/api/v1/public/municipalities/GM0088/weekly?${MARCH}`)).json()
    const emptyMap = (await open(`/api/v1/public/municipalities/GM0088/cells?${MARCH}`)).json()
    const strip = (b: Record<string, unknown>) => ({ ...b, municipality: undefined })
    expect(strip(groningen)).toEqual(strip(empty))
    expect(strip(map)).toEqual(strip(emptyMap))
  })

  it('never publishes a count below the minimum, zero included, in any municipality, grid or series', async () => {
    for (const code of ['GM0363', 'GM0344', ROTTERDAM, GRONINGEN]) {
      for (const query of [...DEMO_QUARTERS, MARCH]) {
        for (const path of ['cells?cellSize=500', 'cells?cellSize=1000', 'weekly?']) {
          const url = `/api/v1/public/municipalities/${code}/${path}${path.endsWith('?') ? '' : '&'}${query}`
          const res = await open(url)
          expect(res.statusCode, url).toBe(200)
          const body = res.json()
          expectNoSmallCounts(body, 5, url)
          if (body.weeks) expectUnrecoverable(body.weeks, body.total, 5, url)
          if (body.categories) expectUnrecoverable(body.categories, body.total, 5, url)
        }
      }
    }
  })

  it('uses the municipality\'s own minimum when a quarter is frozen, never one below 5, and never changes a frozen one', async () => {
    // Answers are cached for a few minutes per period, so each look after a change is made by a freshly built server.
    const fresh = async (url: string) => {
      const server = await buildTestApp(STAFF_TEST_CONFIG)
      try {
        const res = await server.app.inject({ method: 'GET', url })
        bodies.push({ label: url, body: res.body })
        return res.body
      } finally {
        await server.close()
      }
    }
    const marchCells = `/api/v1/public/municipalities/${ROTTERDAM}/cells?cellSize=1000&${MARCH}`
    const before = await fresh(marchCells)
    await db.query(`update municipalities set settings = settings || '{"minimumCellCount": 10}'::jsonb where code = $1`, [ROTTERDAM])
    // March was published with minimum 5: it stays exactly as it was.
    expect(await fresh(marchCells)).toBe(before)
    expect(JSON.parse(before)).toMatchObject({ minimum: 5, total: 18 })
    // November 2024 (3, 6 and 9 again) is first looked at now: minimum 10 hides every cell and week.
    const strict = JSON.parse(await fresh(`/api/v1/public/municipalities/${ROTTERDAM}/cells?cellSize=1000&period=2024-Q4`))
    expect(strict).toMatchObject({ minimum: 10, total: 18, features: [] })
    expectNoSmallCounts(strict, 10, 'minimum 10')
    const weekly = JSON.parse(await fresh(`/api/v1/public/municipalities/${ROTTERDAM}/weekly?period=2024-Q4`))
    expect(weekly.weeks.every((w: { count: number | null }) => w.count === null)).toBe(true)

    await db.query(`update municipalities set settings = settings || '{"minimumCellCount": 2}'::jsonb where code = $1`, [ROTTERDAM])
    // May 2024, first looked at with a setting below the programme's minimum: 5 applies.
    const loose = JSON.parse(await fresh(`/api/v1/public/municipalities/${ROTTERDAM}/weekly?period=2024-Q2`))
    expect(loose.minimum).toBe(5)
    expect(loose.weeks.filter((w: { count: number | null }) => w.count !== null).map((w: { count: number }) => w.count)).toEqual([9])
    await db.query(`update municipalities set settings = settings - 'minimumCellCount' where code = $1`, [ROTTERDAM])
  })

  it('agrees with itself: the weekly total, both grids and the categories count the same reports', async () => {
    const weekly = (await open(`/api/v1/public/municipalities/GM0344/weekly?${DEMO}`)).json()
    const cells = (await open(`/api/v1/public/municipalities/GM0344/cells?cellSize=500&${DEMO}`)).json()
    const raw = { n: await publishedCount('GM0344', weekly.period.from, weekly.period.to) }
    expect(weekly.period).toEqual({ period: '2024-Q3', from: '2024-07-01', to: '2024-09-29', weeks: 13 })
    expect(weekly.total).toBe(raw!.n)
    expect(cells.total).toBe(raw!.n)
    expect(weekly.weeks).toHaveLength(13)
    expect(weekly.weeks.reduce((s: number, w: { count: number | null }) => s + (w.count ?? 0), 0)).toBeLessThanOrEqual(raw!.n)
  })

  it('sets no cookie, carries the security headers, and may be cached briefly by anyone', async () => {
    // Even a signed-in staff member's cookie gets nothing back.
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/public/municipalities/GM0363/cells?${DEMO}`, headers: { cookie: amsAnalyst.cookie } })
    expect(res.statusCode).toBe(200)
    expect(res.headers['set-cookie']).toBeUndefined()
    expect(res.headers['cache-control']).toBe('public, max-age=300')
    expect(res.headers['content-type']).toContain('application/geo+json')
    expect(res.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY)
    expect(res.headers['referrer-policy']).toBe('no-referrer')
    expect(res.headers['x-content-type-options']).toBe('nosniff')
    expect(res.headers['x-frame-options']).toBe('DENY')
    const weekly = await open(`/api/v1/public/municipalities/GM0363/weekly?${DEMO}`)
    expect(weekly.headers['set-cookie']).toBeUndefined()
    expect(weekly.headers['cache-control']).toBe('public, max-age=300')
  })

  it('answers bad requests with a problem a person can act on, never cached', async () => {
    const cases: [string, number, string?][] = [
      [`/api/v1/public/municipalities/GM9999/cells?${MARCH}`, 404],
      [`/api/v1/public/municipalities/GM9999/weekly?${MARCH}`, 404],
      [`/api/v1/public/municipalities/Amsterdam/cells`, 400, 'params.code'],
      [`/api/v1/public/municipalities/GM0363/cells?cellSize=250`, 400, 'querystring.cellSize'],
      // Free windows are refused by name: two overlapping ones could be subtracted (ADR 0040).
      [`/api/v1/public/municipalities/GM0363/weekly?from=2025-03-03`, 400, 'querystring.from'],
      [`/api/v1/public/municipalities/GM0363/cells?to=2025-03-23`, 400, 'querystring.to'],
      [`/api/v1/public/municipalities/GM0363/weekly?period=2025-Q5`, 400, 'querystring.period'],
      [`/api/v1/public/municipalities/GM0363/weekly?period=2025-03`, 400, 'querystring.period'],
      [`/api/v1/public/municipalities/GM0363/weekly?period=2999-Q1`, 400, 'querystring.period'],
    ]
    for (const [url, status, field] of cases) {
      const res = await open(url)
      expect(res.statusCode, url).toBe(status)
      expect(res.headers['content-type'], url).toContain('application/problem+json')
      expect(res.headers['cache-control'], url).toBe('no-store')
      if (field) expect(res.json().errors.map((e: { field: string }) => e.field), url).toContain(field)
    }
  })

  it('publishes only quarters that have ended, the last one by default', async () => {
    const body = (await open(`/api/v1/public/municipalities/GM0363/weekly`)).json()
    const today = new Date().toISOString().slice(0, 10)
    expect(body.period.period).toMatch(/^\d{4}-Q[1-4]$/)
    expect(new Date(`${body.period.from}T00:00:00Z`).getUTCDay()).toBe(1)
    expect(new Date(`${body.period.to}T00:00:00Z`).getUTCDay()).toBe(0)
    expect(body.period.to < today).toBe(true)
    // The next quarter has not ended: it is refused, not cut short.
    const [year, q] = body.period.period.split('-Q').map(Number)
    const following = q === 4 ? `${year + 1}-Q1` : `${year}-Q${q + 1}`
    const refused = await open(`/api/v1/public/municipalities/GM0363/weekly?period=${following}`)
    expect(refused.statusCode).toBe(400)
    expect(refused.json().detail).toContain(body.period.period)
    expect(body.weeks).toHaveLength(body.period.weeks)
    expect(body.weeks.at(-1).week).toBe(new Date(Date.parse(`${body.period.to}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10))
  })

  it('reads under row-level security: asked for Rotterdam inside Utrecht\'s transaction it sees nothing', async () => {
    const days = { from: Q1_2025.from, to: Q1_2025.to }
    const received = { from: new Date('2024-12-29T00:00:00Z'), to: new Date('2025-04-01T00:00:00Z') }
    expect(await withTenant(db, 'GM0344', (tx) => publicationRows(tx, ROTTERDAM, days, received))).toEqual([])
    expect(await withTenant(db, 'GM0344', (tx) => readPublishedQuarter(tx, ROTTERDAM, Q1_2025.period))).toBeNull()
    expect(await withTenant(db, ROTTERDAM, (tx) => publicationRows(tx, ROTTERDAM, days, received))).toHaveLength(18)
    expect(await withTenant(db, ROTTERDAM, (tx) => readPublishedQuarter(tx, ROTTERDAM, Q1_2025.period))).toMatchObject({ total: 18 })
  })
})

describe('national overview', () => {
  it('puts every municipality side by side, per 10,000 inhabitants, suppressed', async () => {
    const res = await national(MARCH)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.period).toEqual(Q1_2025)
    const rows = new Map<string, Record<string, any>>(body.municipalities.map((m: { code: string }) => [m.code, m]))
    // All of them, with or without reports: a list of those with reports would say where someone reported.
    const [all] = await db.query<{ n: number }>(`select count(*)::int as n from municipalities`)
    expect(rows.size).toBe(all!.n)
    expect(rows.size).toBeGreaterThan(300)
    expect(rows.get('GM0088')).toMatchObject({ total: null, totalSuppressed: true, ratePer10k: null })
    expect(body.municipalities.map((m: { name: string }) => m.name)).toEqual([...body.municipalities.map((m: { name: string }) => m.name)].sort())

    const ams = rows.get('GM0363')!
    const raw = { n: await publishedCount('GM0363', '2024-12-30', '2025-03-30') }
    expect(ams.total).toBe(raw!.n)
    expect(ams.population).toBe(931298)
    expect(ams.ratePer10k).toBeCloseTo((raw!.n / 931298) * 10_000, 2)
    expect(rows.get('GM0344')!.population).toBe(374238)

    // Rotterdam: population unknown, so no rate; weeks 3, 6, 9 and categories as on the public side.
    const rdam = rows.get(ROTTERDAM)!
    expect(rdam).toMatchObject({ population: null, ratePer10k: null, total: 18, minimum: 5 })
    expect(rdam.weeks.map((w: { count: number | null }) => w.count)).toEqual(q1Weeks({ 12: 9 }))
    const cats = new Map(rdam.categories.map((c: { category: string }) => [c.category, c]))
    expect(cats.get('catcalling')).toEqual({ category: 'catcalling', count: 7, share: 0.3889, suppressed: false })
    expect(cats.get('insults')).toEqual({ category: 'insults', count: 6, share: 0.3333, suppressed: false })
    for (const c of ['groping', 'following', 'sexual-assault']) expect(cats.get(c)).toEqual({ category: c, count: null, share: null, suppressed: true })

    // Groningen: three reports in one week show as suppressed, not 3, and no rate can carry the 3 back.
    const gron = rows.get(GRONINGEN)!
    expect(gron).toMatchObject({ total: null, totalSuppressed: true, ratePer10k: null })
    expect(gron.weeks.slice(9, 12)).toEqual([
      { week: '2025-03-03', isoWeek: '2025-W10', count: null, suppressed: true },
      { week: '2025-03-10', isoWeek: '2025-W11', count: null, suppressed: true },
      { week: '2025-03-17', isoWeek: '2025-W12', count: null, suppressed: true },
    ])
    expect(gron.weeks.map((w: { count: number | null }) => w.count)).toEqual(q1Weeks({}))
    // Three reports look exactly like none.
    const { code: _a, name: _b, population: _c, ...nothing } = rows.get('GM0088')!
    const { code: _d, name: _e, population: _f, ...three } = gron
    expect(three).toEqual(nothing)
    expect(gron.categories.find((c: { category: string }) => c.category === 'catcalling')).toMatchObject({ count: null, share: null, suppressed: true })
  })

  it('contains no count below the minimum, zero included, and no weekly or category figure can be worked out from a total', async () => {
    for (const query of [MARCH, ...DEMO_QUARTERS]) {
      const body = (await national(query)).json()
      for (const m of body.municipalities) {
        for (const n of countsIn(m)) expect(n, `${query} ${m.code}`).toBeGreaterThanOrEqual(m.minimum)
        expectUnrecoverable(m.weeks, m.total, m.minimum, `${query} ${m.code} weeks`)
        expectUnrecoverable(m.categories, m.total, m.minimum, `${query} ${m.code} categories`)
      }
      expectNoSmallCounts(body, 5, query)
    }
  })

  it('shows the same weekly figures as the public series of each municipality', async () => {
    const body = (await national(DEMO)).json()
    for (const code of ['GM0363', 'GM0344']) {
      const own = body.municipalities.find((m: { code: string }) => m.code === code)
      const pub = (await open(`/api/v1/public/municipalities/${code}/weekly?${DEMO}`)).json()
      expect(own.weeks, code).toEqual(pub.weeks)
      expect(own.total, code).toBe(pub.total)
    }
  })

  it('is for national accounts only: municipal staff of every role get 403', async () => {
    for (const email of ['ams@example.nl', 'utr-admin@example.nl', 'ams-campaign@example.nl']) {
      const client = await login(t.app, email)
      const res = await client.get(`/api/v1/staff/national/overview?${MARCH}`)
      expect(res.statusCode, email).toBe(403)
      expect(res.json().code).toBe('MELDPUNT_ERR_FORBIDDEN')
      expect(res.body).not.toContain('Rotterdam')
    }
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/staff/national/overview?${MARCH}` })
    expect(anonymous.statusCode).toBe(401)
  })

  it('national accounts still get 403 on every municipal staff endpoint', async () => {
    const municipal = staffRoutes(t.app).filter((r) => r.method === 'GET' && !/\/staff\/(session|national\/|me\/)/.test(r.url))
    expect(municipal.length).toBeGreaterThan(15)
    for (const r of municipal) {
      // With a valid period, so it is the role that stops the request and not the query's validation.
      const res = await nationalUser.get(`${r.url}?${STAFF_MARCH}`)
      expect(res.statusCode, r.url).toBe(403)
      expect(res.body, r.url).not.toContain(MARK)
    }
  })

  it('reads through its own role: rollup_hour_day of every municipality, and never the reports or anything with text or places', async () => {
    const seen = await withNationalAggregates(db, (tx) => tx.query<{ code: string }>(`select distinct municipality_code as code from rollup_hour_day order by 1`))
    // The test's own municipalities, the two demo cities and the demo's comparison cities.
    const expected = ['GM0014', 'GM0344', 'GM0363', 'GM0599', ...DEMO_COMPARISON_CITIES.map((c) => c.code)].sort()
    expect(seen.map((r) => r.code)).toEqual(expected)
    for (const sql of [
      'select description from reports limit 1',
      'select text from report_additions limit 1',
      'select * from rollup_cell_day limit 1',
      'select * from rollup_cell_month limit 1',
      'select boundary from municipalities limit 1',
      'select * from receipts limit 1',
      'select * from staff_users limit 1',
      `insert into rollup_hour_day (municipality_code, day, hour, weekday, category, setting, n) values ('GM0599', '2025-01-01', 1, 3, 'other', 'street', 1)`,
    ]) {
      await expect(withNationalAggregates(db, (tx) => tx.query(sql)), sql).rejects.toThrow(/permission denied/)
    }
    const [role] = await db.query<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
      `select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = $1`,
      [NATIONAL_ROLE],
    )
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false })
  })

  it('audits each read of the overview', async () => {
    await national(MARCH)
    const rows = await db.query<{ action: string; municipality_code: string | null; detail: { from: string } }>(
      `select a.action, a.municipality_code, a.detail from audit_log a join staff_users u on u.id = a.staff_user_id
       where u.email = 'landelijk@example.nl' and a.action = 'national.overview'`,
    )
    expect(rows.length).toBeGreaterThan(0)
    expect(rows.every((r) => r.municipality_code === null)).toBe(true)
    expect(rows.some((r) => r.detail.from === '2024-12-30')).toBe(true)
  })
})

describe('a published quarter never changes', () => {
  // 2026-Q3 (ISO weeks 27–39, 29 June – 27 September 2026) has ended, and reports may still be backdated into it.
  const Q3 = 'period=2026-Q3'
  const BIG: [number, number] = [93_250, 438_250] // 1000 m cell 93:438
  const X: [number, number] = [91_250, 436_750] // 500 m cell 182:873, 1000 m cell 91:436
  const Y: [number, number] = [93_750, 439_250] // 500 m cell 187:878, 1000 m cell 93:439
  const inQ3 = (at: [number, number], n: number, code = ROTTERDAM) =>
    Array.from({ length: n }, () => ({ code, row: reportAt(at[0], at[1], '2026-07-08', 'catcalling') }))

  /** The attacker: anonymous reports through the real intake, backdated into the quarter. */
  async function backdate(at: [number, number], n: number): Promise<void> {
    const [lon, lat] = fromRd(at[0], at[1])
    for (let k = 0; k < n; k++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/reports',
        headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
        payload: JSON.stringify(contractBody({ location: { lat, lon, precision: 'exact' }, occurredAt: { from: '2026-08-05T10:00:00Z', to: '2026-08-05T10:30:00Z' } })),
      })
      expect(res.statusCode, res.body).toBe(201)
    }
  }

  /** Every public and national answer for the quarter, read by a freshly built server (no answer cache). */
  async function look(code: string): Promise<Record<string, string>> {
    const server = await buildTestApp(STAFF_TEST_CONFIG)
    try {
      const out: Record<string, string> = {}
      for (const path of ['cells?cellSize=500', 'cells?cellSize=1000', 'weekly?']) {
        const url = `/api/v1/public/municipalities/${code}/${path}${path.endsWith('?') ? '' : '&'}${Q3}`
        out[path] = (await server.app.inject({ url })).body
        bodies.push({ label: url, body: out[path]! })
      }
      const client = await login(server.app, 'landelijk@example.nl')
      const overview = (await client.get(`/api/v1/staff/national/overview?${Q3}`)).json()
      out.national = JSON.stringify(overview.municipalities.find((m: { code: string }) => m.code === code))
      return out
    } finally {
      await server.close()
    }
  }

  it('gives back nothing to an attacker who backdates reports into hidden cells after the quarter was published', async () => {
    // 20 reports in one cell, 2 and 4 in two others: the 2 and the 4 are hidden.
    const rows = [...inQ3(BIG, 20), ...inQ3(X, 2), ...inQ3(Y, 4)]
    await db.transaction(async (tx) => {
      for (const r of rows) await insertReport(tx, r.code, r.row)
    })
    const before = await look(ROTTERDAM)
    const coarse = JSON.parse(before['cells?cellSize=1000']!)
    expect(coarse.total).toBe(26)
    const shown = (body: { features: { id: string }[] }) => body.features.map((f) => f.id)
    expect(shown(coarse)).not.toContain('1000:91:436')
    expect(shown(coarse)).not.toContain('1000:93:439')

    // The attack that used to turn the hidden 2 and 4 into published 6 and 8.
    await backdate(X, 4)
    await backdate(Y, 4)
    const [landed] = await db.query<{ n: number }>(`select count(*)::int as n from reports where municipality_code = $1 and local_day = '2026-08-05'`, [ROTTERDAM])
    expect(landed!.n).toBe(8)
    const after = await look(ROTTERDAM)
    expect(after).toEqual(before)
  })

  it('leaves late reports out of a quarter published for the first time after they arrived', async () => {
    // Groningen 2026-Q3 has not been asked for yet: 2 and 4 reports received in the quarter, then 8 backdated ones.
    const rows = [...inQ3([233_250, 582_250], 2, GRONINGEN), ...inQ3([235_750, 583_750], 4, GRONINGEN), ...inQ3([234_250, 580_250], 20, GRONINGEN)]
    await db.transaction(async (tx) => {
      for (const r of rows) await insertReport(tx, r.code, r.row)
    })
    await backdate([233_250, 582_250], 4)
    await backdate([235_750, 583_750], 4)
    const first = await look(GRONINGEN)
    const weekly = JSON.parse(first['weekly?']!)
    expect(weekly.total).toBe(26)
    const week32 = weekly.weeks.find((w: { isoWeek: string }) => w.isoWeek === '2026-W32')
    expect(week32).toMatchObject({ count: null, suppressed: true })
    expect(JSON.parse(first.national!)).toMatchObject({ total: 26 })
    // The staff side still sees all 34 on the day they occurred: only publication counts by arrival.
    const [staff] = await db.query<{ n: number }>(`select count(*)::int as n from reports where municipality_code = $1 and local_day between '2026-06-29' and '2026-09-27'`, [GRONINGEN])
    expect(staff!.n).toBe(34)
  })

  it('refuses to change or delete a frozen quarter, even for the owner of the table', async () => {
    await expect(db.query(`update published_quarters set figures = '{}'::jsonb where municipality_code = $1`, [ROTTERDAM])).rejects.toThrow(/frozen/)
    await expect(db.query(`delete from published_quarters where municipality_code = $1`, [ROTTERDAM])).rejects.toThrow(/frozen/)
    const [row] = await db.query<{ n: number }>(`select count(*)::int as n from published_quarters where municipality_code = $1`, [ROTTERDAM])
    expect(row!.n).toBeGreaterThan(0)
  })
})

describe('what leaves', () => {
  it('holds no description text, no report id, no location precision in any public or national response', async () => {
    expect(bodies.length).toBeGreaterThan(40)
    const ids = (await db.query<{ id: string }>(`select id::text as id from reports`)).map((r) => r.id)
    const texts = (await db.query<{ d: string }>(`select distinct description as d from reports where description is not null`)).map((r) => r.d)
    expect(texts).toContain(SECRET_TEXT)
    expect(ids.length).toBeGreaterThan(5000)
    for (const { label, body } of bodies) {
      expect(body, label).not.toContain(MARK)
      expect(body, label).not.toMatch(/description|precision|neighbourhood|receipt/i)
      for (const text of texts) expect(body.includes(text), `${label} holds "${text}"`).toBe(false)
      for (const id of ids) if (body.includes(id)) expect.fail(`${label} holds report id ${id}`)
    }
  })
})
