// Who the offenders were. Optional answers at intake, staff filters, the neighbourhood summary and
// its export; never in public answers.
import { fromRd } from '@meldpunt/analytics'
import type { Database } from '@meldpunt/db'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importNeighbourhoodFile } from '../../apps/api/src/modules/neighbourhoods/neighbourhood-file.js'
import { contractBody, newKey } from '../fixtures.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'

const FIXTURE = join(import.meta.dirname, '../fixtures/buurten-amsterdam-test.geojson')

let t: TestApp
let db: Database
let ams: StaffClient

const post = (body: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/reports', headers: { 'content-type': 'application/json', 'idempotency-key': newKey() }, payload: JSON.stringify(body) })

/** A pinned point inside Testbuurt Leidseplein. */
const [lon, lat] = fromRd(120_620, 486_380)
const at = { location: { lat, lon, precision: 'exact' } }

beforeAll(async () => {
  t = await buildTestApp(STAFF_TEST_CONFIG)
  db = t.database
  await resetData(db)
  await importNeighbourhoodFile(db, FIXTURE, 'GM0363')
  await createStaff(db, 'ams@example.nl', 'analyst', 'GM0363')
  ams = await login(t.app, 'ams@example.nl')
  const bodies = [
    contractBody({ ...at, offenders: { count: 'group', age: 'under-18', known: 'by-sight' } }),
    contractBody({ ...at, offenders: { count: 'group', age: 'under-18' } }),
    contractBody({ ...at, offenders: { count: 'one', age: 'over-30', known: 'yes' } }),
    contractBody({ ...at, offenders: {} }),
    contractBody(at),
  ]
  for (const body of bodies) expect((await post(body)).statusCode).toBe(201)
})
afterAll(async () => {
  await resetData(db)
  await t.close()
})

describe('offender questions', () => {
  it('are stored when given and null when skipped; a wrong answer is a 400 naming the field, and nothing is stored', async () => {
    const rows = await db.query<{ c: string | null; a: string | null; k: string | null }>(
      'select offender_count as c, offender_age as a, offender_known as k from reports order by offender_count nulls last, offender_age nulls last, offender_known nulls last',
    )
    expect(rows).toEqual([
      { c: 'group', a: 'under-18', k: 'by-sight' },
      { c: 'group', a: 'under-18', k: null },
      { c: 'one', a: 'over-30', k: 'yes' },
      { c: null, a: null, k: null },
      { c: null, a: null, k: null },
    ])
    expect(rows.filter((r) => r.c === null && r.a === null && r.k === null)).toHaveLength(2)

    const bad = await post(contractBody({ ...at, offenders: { count: 'twelve', age: 'over-30' } }))
    expect(bad.statusCode).toBe(400)
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain('offenders.count')
    const [n] = await db.query<{ n: number }>('select count(*)::int as n from reports')
    expect(n!.n).toBe(5)
  })

  it('show in the staff report list and filter it', async () => {
    const all = (await ams.get('/api/v1/staff/reports?limit=200')).json()
    expect(all.total).toBe(5)
    expect(all.items.filter((r: { offenders: { count: string | null } }) => r.offenders.count === 'group')).toHaveLength(2)
    const young = (await ams.get('/api/v1/staff/reports?offenderAge=under-18')).json()
    expect(young.total).toBe(2)
    const groupKnown = (await ams.get('/api/v1/staff/reports?offenderCount=group,one&offenderKnown=yes,by-sight')).json()
    expect(groupKnown.items.map((r: { offenders: unknown }) => r.offenders)).toEqual(
      expect.arrayContaining([{ count: 'group', age: 'under-18', known: 'by-sight' }, { count: 'one', age: 'over-30', known: 'yes' }]),
    )
    expect(groupKnown.total).toBe(2)
    const wrong = await ams.get('/api/v1/staff/reports?offenderAge=old')
    expect(wrong.statusCode).toBe(400)
    expect(wrong.json().errors.map((e: { field: string }) => e.field)).toContain('querystring.offenderAge')
  })

  it('are counted in the neighbourhood summary and its CSV', async () => {
    const s = (await ams.get('/api/v1/staff/neighbourhoods/BU03639901/summary')).json()
    expect(s.total).toBe(5)
    const byId = (rows: { id: string; count: number }[]) => Object.fromEntries(rows.map((r) => [r.id, r.count]))
    expect(byId(s.offenders.count)).toEqual({ one: 1, 'two-three': 0, group: 2 })
    expect(byId(s.offenders.age)).toEqual({ 'under-18': 2, '18-30': 0, 'over-30': 1, unknown: 0 })
    expect(byId(s.offenders.known)).toEqual({ no: 0, 'by-sight': 1, yes: 1 })
    const csv = (await ams.get('/api/v1/staff/neighbourhoods/BU03639901/summary.csv')).body.split('\r\n')
    expect(csv).toContain('offender-count,group,Een groep (vier of meer),2,0')
    expect(csv).toContain('offender-age,under-18,Jonger dan 18,2,0')
    expect(csv).toContain('offender-known,by-sight,Van gezicht,1,0')
  })

  it('never appear in public answers', async () => {
    for (const url of ['/api/v1/public/municipalities/GM0363/cells', '/api/v1/public/municipalities/GM0363/weekly']) {
      const res = await t.app.inject({ method: 'GET', url })
      expect(res.statusCode, url).toBe(200)
      expect(res.body, url).not.toMatch(/offender|under-18|by-sight|group/)
    }
  })
})
