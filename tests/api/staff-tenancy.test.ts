// Tenant isolation twice: the API scopes every staff query to the session's municipality, and row-level security under
// meldpunt_app does too, so even a query that forgets its municipality filter sees no other municipality's rows.
import { toRd } from '@meldpunt/analytics'
import { APP_ROLE, cellCounts, dailyCounts, listReports, withTenant, type Database } from '@meldpunt/db'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../apps/api/src/demo/seed.js'
import { importNeighbourhoodFile } from '../../apps/api/src/modules/neighbourhoods/neighbourhood-file.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'

const FIXTURE = join(import.meta.dirname, '../fixtures/buurten-amsterdam-test.geojson')
const PERIOD = 'from=2023-06-02&to=2025-05-31'
const TENANT_TABLES = ['reports', 'report_additions', 'rollup_cell_day', 'rollup_hour_day', 'rollup_cell_hour', 'rollup_cell_month']

let t: TestApp
let db: Database
let ams: StaffClient
let utr: StaffClient
let amsReportId: string

/** Runs statements as meldpunt_app, optionally with app.municipality set, like every staff request does. */
function asApp<T>(municipality: string | undefined, fn: (q: (sql: string, params?: unknown[]) => Promise<Record<string, unknown>[]>) => Promise<T>): Promise<T> {
  return db.transaction(
    async (tx) => {
      await tx.query(`set local role ${APP_ROLE}`)
      return fn((sql, params) => tx.query(sql, params))
    },
    municipality ? { municipality } : {},
  )
}

function tileAt(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)]
}

beforeAll(async () => {
  t = await buildTestApp(STAFF_TEST_CONFIG)
  db = t.database
  await resetData(db)
  await seedDemo(db, new Date('2025-06-01T00:00:00Z'))
  await db.query(
    `insert into report_additions (municipality_code, report_id, id, text)
     select municipality_code, id, gen_random_uuid(), 'addition' from reports where municipality_code in ('GM0363', 'GM0344') and description is not null`,
  )
  await importNeighbourhoodFile(db, FIXTURE, 'GM0363')
  await createStaff(db, 'ams@example.nl', 'analyst', 'GM0363')
  await createStaff(db, 'utr@example.nl', 'admin', 'GM0344')
  ams = await login(t.app, 'ams@example.nl')
  utr = await login(t.app, 'utr@example.nl')
  const [row] = await db.query<{ id: string }>(`select id from reports where municipality_code = 'GM0363' order by id limit 1`)
  amsReportId = row!.id
})
afterAll(async () => {
  await resetData(db)
  await t.close()
})

describe('the application role', () => {
  it('is neither superuser nor BYPASSRLS, cannot log in, and owns nothing', async () => {
    const [role] = await db.query<{ rolsuper: boolean; rolbypassrls: boolean; rolcanlogin: boolean }>(
      `select rolsuper, rolbypassrls, rolcanlogin from pg_roles where rolname = $1`,
      [APP_ROLE],
    )
    expect(role).toEqual({ rolsuper: false, rolbypassrls: false, rolcanlogin: false })
    const owned = await db.query(`select tablename from pg_tables where schemaname = 'public' and tableowner = $1`, [APP_ROLE])
    expect(owned).toEqual([])
    const rls = await db.query<{ relname: string; relrowsecurity: boolean }>(
      `select relname, relrowsecurity from pg_class where relname = any($1) order by relname`,
      [[...TENANT_TABLES, 'audit_log', 'receipts', 'idempotency_keys']],
    )
    expect(rls).toHaveLength(9)
    for (const r of rls) expect(r.relrowsecurity, r.relname).toBe(true)
  })

  it('sees no rows at all when no municipality is set', async () => {
    const [total] = await db.query<{ n: number }>(`select count(*)::int as n from reports`)
    expect(total!.n).toBeGreaterThan(5000)
    await asApp(undefined, async (q) => {
      for (const table of TENANT_TABLES) {
        const [row] = await q(`select count(*)::int as n from ${table}`)
        expect(row!.n, table).toBe(0)
      }
    })
  })

  it('sees only its municipality\'s rows, even without a where clause', async () => {
    await asApp('GM0344', async (q) => {
      for (const table of TENANT_TABLES) {
        const rows = await q(`select distinct municipality_code from ${table}`)
        expect(rows, table).toEqual([{ municipality_code: 'GM0344' }])
      }
      expect(await q(`select 1 from reports where id = $1`, [amsReportId])).toEqual([])
    })
  })

  it('cannot read receipts or idempotency keys, cannot write reports, and can only audit its own municipality', async () => {
    for (const sql of [
      `select * from receipts`,
      `select * from idempotency_keys`,
      `select * from staff_sessions`,
      `select * from staff_users`,
      `update reports set status = 'x'`,
      `delete from rollup_cell_day`,
      `insert into audit_log (municipality_code, action) values ('GM0363', 'forged')`,
      `update audit_log set action = 'x'`,
      `delete from audit_log`,
    ]) {
      await expect(asApp('GM0344', (q) => q(sql)), sql).rejects.toThrow(/permission denied|row-level security/)
    }
    await asApp('GM0344', (q) => q(`insert into audit_log (municipality_code, action) values ('GM0344', 'test')`))
    // Administrators read their own municipality's log (migrations/0156), and only that.
    const seen = await asApp('GM0344', (q) => q(`select distinct municipality_code from audit_log`))
    expect(seen).toEqual([{ municipality_code: 'GM0344' }])
  })

  it('stops a repository call that names the wrong municipality: the second line holds where the first fails', async () => {
    // As if a route had passed the wrong code to the query while the transaction is Utrecht's.
    const wrong = { municipality: 'GM0363', from: '2023-06-02', to: '2025-05-31' }
    const right = { ...wrong, municipality: 'GM0344' }
    await withTenant(db, 'GM0344', async (tx) => {
      expect((await cellCounts(tx, wrong, 100)).cells).toEqual([])
      expect((await cellCounts(tx, { ...wrong, hours: [22] }, 250)).cells).toEqual([])
      expect((await cellCounts(tx, { ...wrong, categories: ['groping'] }, 100)).cells).toEqual([])
      expect(await dailyCounts(tx, wrong)).toEqual([])
      expect((await listReports(tx, wrong, { limit: 10 })).total).toBe(0)
      expect((await cellCounts(tx, right, 100)).cells.length).toBeGreaterThan(10)
    })
    // Without the role the same wrong call would have leaked: the owner bypasses row-level security.
    const leaked = await db.transaction((tx) => cellCounts(tx, wrong, 100), { municipality: 'GM0344' })
    expect(leaked.cells.length).toBeGreaterThan(10)
  })
})

describe('staff of one municipality see nothing of another, on every staff endpoint', () => {
  it('report detail and list: 404 for the other municipality\'s report, and none of its ids in the list', async () => {
    const one = await utr.get(`/api/v1/staff/reports/${amsReportId}`)
    expect(one.statusCode).toBe(404)
    expect(one.body).not.toContain('GM0363')
    expect((await ams.get(`/api/v1/staff/reports/${amsReportId}`)).statusCode).toBe(200)

    const amsIds = new Set((await db.query<{ id: string }>(`select id from reports where municipality_code = 'GM0363'`)).map((r) => r.id))
    const list = (await utr.get(`/api/v1/staff/reports?${PERIOD}&limit=200`)).json()
    expect(list.total).toBe((await db.query<{ n: number }>(`select count(*)::int as n from reports where municipality_code = 'GM0344' and local_day between '2023-06-02' and '2025-05-31'`))[0]!.n)
    for (const r of list.items) expect(amsIds.has(r.id)).toBe(false)
    // Even naming an Amsterdam cell or neighbourhood gives nothing.
    const [x, y] = toRd(4.8826, 52.3641)
    const cell = `100:${Math.floor(x / 100)}:${Math.floor(y / 100)}`
    expect((await utr.get(`/api/v1/staff/reports?${PERIOD}&cell=${cell}`)).json().total).toBe(0)
    expect((await utr.get(`/api/v1/staff/reports?${PERIOD}&neighbourhood=BU03639901`)).json().total).toBe(0)
  })

  it('hotspots and their exports hold only cells of their own municipality', async () => {
    const inAmsterdam = (lon: number) => lon < 5.05
    const geo = (await utr.get(`/api/v1/staff/hotspots?${PERIOD}`)).json()
    expect(geo.status).toBe('ok')
    expect(geo.features.length).toBeGreaterThan(0)
    expect(geo.features.some((f: { properties: { lon: number } }) => inAmsterdam(f.properties.lon))).toBe(false)
    const file = (await utr.get(`/api/v1/staff/hotspots.geojson?${PERIOD}`)).json()
    expect(file.features.some((f: { properties: { lon: number } }) => inAmsterdam(f.properties.lon))).toBe(false)
    const csv = (await utr.get(`/api/v1/staff/hotspots.csv?${PERIOD}`)).body.trimEnd().split('\r\n').slice(1)
    expect(csv.length).toBeGreaterThan(0)
    expect(csv.some((line) => inAmsterdam(Number(line.split(',')[4])))).toBe(false)
  })

  it('tiles over the other municipality are empty', async () => {
    const [x, y] = tileAt(4.8826, 52.3641, 14)
    const theirs = await utr.get(`/api/v1/staff/tiles/14/${x}/${y}.mvt?${PERIOD}`)
    expect(theirs.statusCode).toBe(200)
    expect(theirs.rawPayload).toHaveLength(0)
    const mine = await ams.get(`/api/v1/staff/tiles/14/${x}/${y}.mvt?${PERIOD}`)
    expect(mine.rawPayload.length).toBeGreaterThan(100)
    // And the other way round, so it is not just an empty cache.
    const [ux, uy] = tileAt(5.1195, 52.0932, 14)
    expect((await ams.get(`/api/v1/staff/tiles/14/${ux}/${uy}.mvt?${PERIOD}`)).rawPayload).toHaveLength(0)
    expect((await utr.get(`/api/v1/staff/tiles/14/${ux}/${uy}.mvt?${PERIOD}`)).rawPayload.length).toBeGreaterThan(100)
  })

  it('time series and matrix count only their own reports', async () => {
    const own = async (code: string) =>
      (await db.query<{ n: number }>(`select count(*)::int as n from reports where municipality_code = $1 and local_day between '2023-06-02' and '2025-05-31'`, [code]))[0]!.n
    const utrecht = await own('GM0344')
    expect(utrecht).not.toBe(await own('GM0363'))
    expect((await utr.get(`/api/v1/staff/timeseries?${PERIOD}`)).json().total).toBe(utrecht)
    expect((await utr.get(`/api/v1/staff/timeseries?${PERIOD}&interval=week`)).json().total).toBe(utrecht)
    expect((await utr.get(`/api/v1/staff/matrix?${PERIOD}`)).json().total).toBe(utrecht)
  })

  it('neighbourhood list, summary and its export: another municipality\'s neighbourhood is 404', async () => {
    expect((await utr.get('/api/v1/staff/neighbourhoods')).json().items).toEqual([])
    expect((await ams.get('/api/v1/staff/neighbourhoods')).json().items).toHaveLength(3)
    for (const url of ['/api/v1/staff/neighbourhoods/BU03639901/summary', '/api/v1/staff/neighbourhoods/BU03639901/summary.csv']) {
      const res = await utr.get(`${url}?${PERIOD}`)
      expect(res.statusCode, url).toBe(404)
      expect(res.body).not.toContain('Leidseplein')
      expect((await ams.get(`${url}?${PERIOD}`)).statusCode).toBe(200)
    }
  })

  it('the audit log names the municipality of the data read, never another', async () => {
    const rows = await db.query<{ email: string; municipality_code: string }>(
      `select u.email, a.municipality_code from audit_log a join staff_users u on u.id = a.staff_user_id group by 1, 2 order by 1, 2`,
    )
    expect(rows).toEqual([
      { email: 'ams@example.nl', municipality_code: 'GM0363' },
      { email: 'utr@example.nl', municipality_code: 'GM0344' },
    ])
  })
})
