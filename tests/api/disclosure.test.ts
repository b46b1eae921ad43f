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
import { publicCells } from '../../apps/api/src/services/public-aggregates.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, staffRoutes, type StaffClient } from '../helpers/staff.js'

const UNTIL = new Date('2025-06-01T00:00:00Z')
// The demo data's two years, as whole weeks: Monday 2023-06-05 to Sunday 2025-06-01.
const DEMO = 'from=2023-06-05&to=2025-06-01'
// Three weeks in March 2025, given as a Wednesday and a Tuesday so the snapping shows.
const MARCH = 'from=2025-03-05&to=2025-03-18'
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
  it('snaps the period outward to whole ISO weeks and shows only the cell that can be shown', async () => {
    const res = await open(`/api/v1/public/municipalities/${ROTTERDAM}/cells?cellSize=1000&${MARCH}`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ type: 'FeatureCollection', cellSize: 1000, minimum: 5, total: 18, totalSuppressed: false })
    expect(body.period).toEqual({ from: '2025-03-03', to: '2025-03-23', weeks: 3 })
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

    // Amsterdam's two years: each published 1000 m cell minus its published 500 m cells is 0 or at least the minimum,
    // and so is the total minus all published cells.
    const coarse = (await open(`/api/v1/public/municipalities/GM0363/cells?cellSize=1000&${DEMO}`)).json()
    const fine = (await open(`/api/v1/public/municipalities/GM0363/cells?cellSize=500&${DEMO}`)).json()
    expect(coarse.total).toBeGreaterThan(1000)
    expect(fine.total).toBe(coarse.total)
    expect(fine.features.length).toBeGreaterThan(coarse.features.length)
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
    expect(body.weeks).toEqual([
      { week: '2025-03-03', isoWeek: '2025-W10', count: null, suppressed: true },
      { week: '2025-03-10', isoWeek: '2025-W11', count: null, suppressed: true },
      { week: '2025-03-17', isoWeek: '2025-W12', count: 9, suppressed: false },
    ])
    // 18 − 9 = 9 over two hidden weeks: the week of 3 could be anything from 1 to 8.
    expectUnrecoverable(body.weeks, body.total, 5, 'Rotterdam weeks')

    const groningen = (await open(`/api/v1/public/municipalities/${GRONINGEN}/weekly?${MARCH}`)).json()
    expect(groningen).toMatchObject({ total: null, totalSuppressed: true })
    expect(groningen.weeks.map((w: { count: number | null }) => w.count)).toEqual([0, null, 0])
    const map = (await open(`/api/v1/public/municipalities/${GRONINGEN}/cells?${MARCH}`)).json()
    expect(map).toMatchObject({ total: null, totalSuppressed: true, features: [] })
  })

  it('never publishes a count between 1 and the minimum − 1, in any municipality, grid or series', async () => {
    for (const code of ['GM0363', 'GM0344', ROTTERDAM, GRONINGEN]) {
      for (const query of [DEMO, MARCH, 'from=2025-05-26&to=2025-06-01']) {
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
    await db.query(`update municipalities set settings = settings || '{"minimumCellCount": 10}'::jsonb where code = $1`, [ROTTERDAM])
    // Another period than before: the server keeps answers for a few minutes.
    const strict = (await open(`/api/v1/public/municipalities/${ROTTERDAM}/cells?cellSize=1000&from=2025-02-24&to=2025-03-23`)).json()
    expect(strict).toMatchObject({ minimum: 10, total: 18, features: [] })
    expectNoSmallCounts(strict, 10, 'minimum 10')
    const weekly = (await open(`/api/v1/public/municipalities/${ROTTERDAM}/weekly?from=2025-02-24&to=2025-03-23`)).json()
    expect(weekly.weeks.map((w: { count: number | null }) => w.count)).toEqual([0, null, null, null])

    await db.query(`update municipalities set settings = settings || '{"minimumCellCount": 2}'::jsonb where code = $1`, [ROTTERDAM])
    const loose = (await open(`/api/v1/public/municipalities/${ROTTERDAM}/weekly?from=2025-02-17&to=2025-03-23`)).json()
    expect(loose.minimum).toBe(5)
    expect(loose.weeks.map((w: { count: number | null }) => w.count)).toEqual([0, 0, null, null, 9])
    await db.query(`update municipalities set settings = settings - 'minimumCellCount' where code = $1`, [ROTTERDAM])
  })

  it('agrees with itself: the weekly total, both grids and the categories count the same reports', async () => {
    const weekly = (await open(`/api/v1/public/municipalities/GM0344/weekly?${DEMO}`)).json()
    const cells = (await open(`/api/v1/public/municipalities/GM0344/cells?cellSize=500&${DEMO}`)).json()
    const [raw] = await db.query<{ n: number }>(`select count(*)::int as n from reports where municipality_code = 'GM0344' and local_day between '2023-06-05' and '2025-06-01'`)
    expect(weekly.total).toBe(raw!.n)
    expect(cells.total).toBe(raw!.n)
    expect(weekly.weeks).toHaveLength(104)
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
      [`/api/v1/public/municipalities/GM0363/weekly?from=2025-03-10&to=2025-03-01`, 400, 'querystring.to'],
      [`/api/v1/public/municipalities/GM0363/weekly?from=2025-13-01`, 400, 'querystring.from'],
      [`/api/v1/public/municipalities/GM0363/weekly?from=2999-01-01&to=2999-01-31`, 400, 'querystring.from'],
      [`/api/v1/public/municipalities/GM0363/weekly?from=2000-01-01&to=2025-01-01`, 400, 'querystring.from'],
    ]
    for (const [url, status, field] of cases) {
      const res = await open(url)
      expect(res.statusCode, url).toBe(status)
      expect(res.headers['content-type'], url).toContain('application/problem+json')
      expect(res.headers['cache-control'], url).toBe('no-store')
      if (field) expect(res.json().errors.map((e: { field: string }) => e.field), url).toContain(field)
    }
  })

  it('publishes only weeks that have ended', async () => {
    const body = (await open(`/api/v1/public/municipalities/GM0363/weekly?from=2025-03-03&to=2999-12-31`)).json()
    const today = new Date().toISOString().slice(0, 10)
    expect(body.period.from).toBe('2025-03-03')
    expect(new Date(`${body.period.to}T00:00:00Z`).getUTCDay()).toBe(0)
    expect(body.period.to < today).toBe(true)
    expect(body.weeks.at(-1).week).toBe(new Date(Date.parse(`${body.period.to}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10))
  })

  it('reads under row-level security: asked for Rotterdam inside Utrecht\'s transaction it sees nothing', async () => {
    const period = { from: '2025-03-03', to: '2025-03-23', weeks: 3 }
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
    expect(body.period).toEqual({ from: '2025-03-03', to: '2025-03-23', weeks: 3 })
    const rows = new Map<string, Record<string, any>>(body.municipalities.map((m: { code: string }) => [m.code, m]))
    expect([...rows.keys()].sort()).toEqual(['GM0014', 'GM0344', 'GM0363', 'GM0599'])
    expect(body.municipalities.map((m: { name: string }) => m.name)).toEqual([...body.municipalities.map((m: { name: string }) => m.name)].sort())

    const ams = rows.get('GM0363')!
    const [raw] = await db.query<{ n: number }>(`select count(*)::int as n from reports where municipality_code = 'GM0363' and local_day between '2025-03-03' and '2025-03-23'`)
    expect(ams.total).toBe(raw!.n)
    expect(ams.population).toBe(931298)
    expect(ams.ratePer10k).toBeCloseTo((raw!.n / 931298) * 10_000, 2)
    expect(rows.get('GM0344')!.population).toBe(374238)

    // Rotterdam: population unknown, so no rate; weeks 3, 6, 9 and categories as on the public side.
    const rdam = rows.get(ROTTERDAM)!
    expect(rdam).toMatchObject({ population: null, ratePer10k: null, total: 18, minimum: 5 })
    expect(rdam.weeks.map((w: { count: number | null }) => w.count)).toEqual([null, null, 9])
    const cats = new Map(rdam.categories.map((c: { category: string }) => [c.category, c]))
    expect(cats.get('catcalling')).toEqual({ category: 'catcalling', count: 7, share: 0.3889, suppressed: false })
    for (const c of ['insults', 'groping', 'following']) expect(cats.get(c)).toEqual({ category: c, count: null, share: null, suppressed: true })

    // Groningen: three reports in one week show as suppressed, not 3, and no rate can carry the 3 back.
    const gron = rows.get(GRONINGEN)!
    expect(gron).toMatchObject({ total: null, totalSuppressed: true, ratePer10k: null })
    expect(gron.weeks).toEqual([
      { week: '2025-03-03', isoWeek: '2025-W10', count: 0, suppressed: false },
      { week: '2025-03-10', isoWeek: '2025-W11', count: null, suppressed: true },
      { week: '2025-03-17', isoWeek: '2025-W12', count: 0, suppressed: false },
    ])
    expect(gron.categories.find((c: { category: string }) => c.category === 'catcalling')).toMatchObject({ count: null, share: null, suppressed: true })
  })

  it('contains no count between 1 and the minimum − 1, and no weekly or category figure can be worked out from a total', async () => {
    for (const query of [MARCH, DEMO, 'from=2025-05-26&to=2025-06-01', 'from=2024-12-23&to=2025-01-12']) {
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
      const res = await nationalUser.get(`${r.url}?${MARCH}`)
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
    expect(rows.some((r) => r.detail.from === '2025-03-03')).toBe(true)
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
