// Disclosure control on what leaves the staff dashboard: the public map and weekly series, and the national overview.
// Small counts never show, none can be worked out by subtraction, no text or report id gets out, and each side keeps
// to its own: national accounts to aggregates, municipal accounts to their municipality.
import { fromRd } from '@meldpunt/analytics'
import { insertReport, NATIONAL_ROLE, withNationalAggregates, withTenant, type Database, type ReportRow } from '@meldpunt/db'
import { randomBytes, randomUUID } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../apps/api/src/demo/seed.js'
import { CONTENT_SECURITY_POLICY } from '../../apps/api/src/plugins/security-headers.js'
import { publicCells } from '../../apps/api/src/modules/public/service.js'
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
/** Thirteen weeks of zeros with the given weeks (1-based ISO week number) filled in. */
const q1Weeks = (filled: Record<number, number | null>) => Array.from({ length: 13 }, (_, i) => (i + 1 in filled ? filled[i + 1] : 0))
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

function expectNoSmallCounts(body: unknown, minimum: number, where: string): void {
  const counts = countsIn(body)
  expect(counts.length, where).toBeGreaterThan(0)
  for (const n of counts) expect(n === 0 || n >= minimum, `${where}: ${n}`).toBe(true)
}

/**
 * A group's promise (packages/analytics/src/disclosure.ts): with its total published, every suppressed cell may still
 * hold anything up to at least the minimum as far as subtraction can tell, unless every cell is hidden.
 */
function expectUnrecoverable(cells: { count: number | null; suppressed: boolean }[], total: number | null, minimum: number, where: string): void {
  if (total === null) return
  const hidden = cells.filter((c) => c.suppressed)
  if (hidden.length === 0 || hidden.length === cells.length) return
  const remainder = total - cells.reduce((s, c) => s + (c.count ?? 0), 0)
  expect(remainder - (hidden.length - 1), where).toBeGreaterThanOrEqual(minimum)
}

/** A report at an RD New point on a local day at noon. */
function reportAt(x: number, y: number, day: string, category: string, description?: string): ReportRow {
  const [lon, lat] = fromRd(x, y)
  const at = new Date(`${day}T11:00:00Z`)
  return {
    id: randomUUID(),
    occurredFrom: at,
    occurredTo: at,
    lon,
    lat,
    precision: 'exact',
    category,
    setting: 'street',
    role: 'victim',
    urgent: false,
    groups: [],
    receiptHash: randomBytes(32),
    ...(description ? { description } : {}),
  }
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
    // groping 3 and following 2 are too small; insults 6 goes with them, so 18 − 7 leaves 11 over three categories.
    expect(categories).toMatchObject({ catcalling: 7, insults: null, groping: null, following: null, 'sexual-assault': 0 })
    expectUnrecoverable(body.categories, body.total, 5, 'Rotterdam categories')
  })

  it('shows no 500 m cell that a 1000 m cell minus its other cells would give away', async () => {
    // 7 + 2 in one 1000 m cell of 9: showing the 7 would leave the 2. The 3 and the 6 hide everything inside them.
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

  it('weekly: a week of 3 shows as suppressed, not 3, and the week of 6 goes with it so the total gives nothing away', async () => {
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
    expect(body.weeks.map((w: { count: number | null }) => w.count)).toEqual(q1Weeks({ 10: null, 11: null, 12: 9 }))
    // 18 − 9 = 9 over two hidden weeks: the week of 3 could be anything from 1 to 8.
    expectUnrecoverable(body.weeks, body.total, 5, 'Rotterdam weeks')

    const groningen = (await open(`/api/v1/public/municipalities/${GRONINGEN}/weekly?${MARCH}`)).json()
    expect(groningen).toMatchObject({ total: null, totalSuppressed: true })
    expect(groningen.weeks.map((w: { count: number | null }) => w.count)).toEqual(q1Weeks({ 11: null }))
    const map = (await open(`/api/v1/public/municipalities/${GRONINGEN}/cells?${MARCH}`)).json()
    expect(map).toMatchObject({ total: null, totalSuppressed: true, features: [] })
  })

  it('never publishes a count between 1 and the minimum − 1, in any municipality, grid or series', async () => {
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

  it('uses the municipality\'s own minimum, and never one below 5', async () => {
    // Answers are cached for a few minutes per period, so each setting is read by a freshly built server.
    const fresh = async (url: string) => {
      const server = await buildTestApp(STAFF_TEST_CONFIG)
      try {
        const res = await server.app.inject({ method: 'GET', url })
        bodies.push({ label: url, body: res.body })
        return res.json()
      } finally {
        await server.close()
      }
    }
    await db.query(`update municipalities set settings = settings || '{"minimumCellCount": 10}'::jsonb where code = $1`, [ROTTERDAM])
    const strict = await fresh(`/api/v1/public/municipalities/${ROTTERDAM}/cells?cellSize=1000&${MARCH}`)
    expect(strict).toMatchObject({ minimum: 10, total: 18, features: [] })
    expectNoSmallCounts(strict, 10, 'minimum 10')
    const weekly = await fresh(`/api/v1/public/municipalities/${ROTTERDAM}/weekly?${MARCH}`)
    expect(weekly.weeks.map((w: { count: number | null }) => w.count)).toEqual(q1Weeks({ 10: null, 11: null, 12: null }))

    await db.query(`update municipalities set settings = settings || '{"minimumCellCount": 2}'::jsonb where code = $1`, [ROTTERDAM])
    const loose = await fresh(`/api/v1/public/municipalities/${ROTTERDAM}/weekly?${MARCH}`)
    expect(loose.minimum).toBe(5)
    expect(loose.weeks.map((w: { count: number | null }) => w.count)).toEqual(q1Weeks({ 10: null, 11: null, 12: 9 }))
    await db.query(`update municipalities set settings = settings - 'minimumCellCount' where code = $1`, [ROTTERDAM])
  })

  it('agrees with itself: the weekly total, both grids and the categories count the same reports', async () => {
    const weekly = (await open(`/api/v1/public/municipalities/GM0344/weekly?${DEMO}`)).json()
    const cells = (await open(`/api/v1/public/municipalities/GM0344/cells?cellSize=500&${DEMO}`)).json()
    const [raw] = await db.query<{ n: number }>(
      `select count(*)::int as n from reports where municipality_code = 'GM0344' and local_day between $1 and $2`,
      [weekly.period.from, weekly.period.to],
    )
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
    const period = Q1_2025
    const rotterdam = { code: ROTTERDAM, name: 'Rotterdam', minimum: 5 }
    const seen = await withTenant(db, 'GM0344', (tx) => publicCells(tx, rotterdam, period, 1000))
    expect(seen.total).toBe(0)
    expect(seen.features).toEqual([])
    expect((await withTenant(db, ROTTERDAM, (tx) => publicCells(tx, rotterdam, period, 1000))).total).toBe(18)
  })
})

describe('national overview', () => {
  it('puts every municipality with reports side by side, per 10,000 inhabitants, suppressed', async () => {
    const res = await national(MARCH)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body.period).toEqual(Q1_2025)
    const rows = new Map<string, Record<string, any>>(body.municipalities.map((m: { code: string }) => [m.code, m]))
    expect([...rows.keys()].sort()).toEqual(['GM0014', 'GM0344', 'GM0363', 'GM0599'])
    expect(body.municipalities.map((m: { name: string }) => m.name)).toEqual([...body.municipalities.map((m: { name: string }) => m.name)].sort())

    const ams = rows.get('GM0363')!
    const [raw] = await db.query<{ n: number }>(`select count(*)::int as n from reports where municipality_code = 'GM0363' and local_day between '2024-12-30' and '2025-03-30'`)
    expect(ams.total).toBe(raw!.n)
    expect(ams.population).toBe(931298)
    expect(ams.ratePer10k).toBeCloseTo((raw!.n / 931298) * 10_000, 2)
    expect(rows.get('GM0344')!.population).toBe(374238)

    // Rotterdam: population unknown, so no rate; weeks 3, 6, 9 and categories as on the public side.
    const rdam = rows.get(ROTTERDAM)!
    expect(rdam).toMatchObject({ population: null, ratePer10k: null, total: 18, minimum: 5 })
    expect(rdam.weeks.map((w: { count: number | null }) => w.count)).toEqual(q1Weeks({ 10: null, 11: null, 12: 9 }))
    const cats = new Map(rdam.categories.map((c: { category: string }) => [c.category, c]))
    expect(cats.get('catcalling')).toEqual({ category: 'catcalling', count: 7, share: 0.3889, suppressed: false })
    for (const c of ['insults', 'groping', 'following']) expect(cats.get(c)).toEqual({ category: c, count: null, share: null, suppressed: true })

    // Groningen: three reports in one week show as suppressed, not 3, and no rate can carry the 3 back.
    const gron = rows.get(GRONINGEN)!
    expect(gron).toMatchObject({ total: null, totalSuppressed: true, ratePer10k: null })
    expect(gron.weeks.slice(9, 12)).toEqual([
      { week: '2025-03-03', isoWeek: '2025-W10', count: 0, suppressed: false },
      { week: '2025-03-10', isoWeek: '2025-W11', count: null, suppressed: true },
      { week: '2025-03-17', isoWeek: '2025-W12', count: 0, suppressed: false },
    ])
    expect(gron.weeks.map((w: { count: number | null }) => w.count)).toEqual(q1Weeks({ 11: null }))
    expect(gron.categories.find((c: { category: string }) => c.category === 'catcalling')).toMatchObject({ count: null, share: null, suppressed: true })
  })

  it('contains no count between 1 and the minimum − 1, and no weekly or category figure can be worked out from a total', async () => {
    for (const query of [MARCH, ...DEMO_QUARTERS]) {
      const body = (await national(query)).json()
      for (const m of body.municipalities) {
        for (const n of countsIn(m)) expect(n === 0 || n >= m.minimum, `${query} ${m.code}: ${n}`).toBe(true)
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
    const municipal = staffRoutes(t.app).filter((r) => r.method === 'GET' && !/\/staff\/(session|national\/)/.test(r.url))
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
    expect(seen.map((r) => r.code)).toEqual(['GM0014', 'GM0344', 'GM0363', 'GM0599'])
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
