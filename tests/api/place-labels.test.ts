// Staff hotspot rows and exports carry place names, looked up once per cell at the (stand-in) place-search upstream.
import type { Database } from '@meldpunt/db'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../apps/api/src/demo/seed.js'
import { importNeighbourhoodFile } from '../../apps/api/src/modules/neighbourhoods/neighbourhood-file.js'
import { resetData } from '../helpers/database.js'
import { startPdokStandIn, type PdokStandIn } from '../helpers/pdok-stand-in.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'

const UNTIL = new Date('2025-06-01T00:00:00Z')
const YEAR = 'from=2024-06-01&to=2025-05-31'
const FIXTURE = join(import.meta.dirname, '../fixtures/buurten-amsterdam-test.geojson')

let upstream: PdokStandIn
let t: TestApp
let db: Database
let ams: StaffClient

beforeAll(async () => {
  upstream = await startPdokStandIn()
  t = await buildTestApp({ ...STAFF_TEST_CONFIG, PLACES_URL: upstream.config.PLACES_URL })
  db = t.database
  await resetData(db)
  await seedDemo(db, UNTIL)
  await importNeighbourhoodFile(db, FIXTURE, 'GM0363')
  await createStaff(db, 'ams-labels@example.nl', 'analyst', 'GM0363')
  ams = await login(t.app, 'ams-labels@example.nl')
})
afterAll(async () => {
  await t.close()
  await upstream.close()
})

type Feature = { id: string, properties: { place: string | null, neighbourhood: string | null, lat: number, lon: number } }

describe('place labels for staff', () => {
  it('names hotspot cells, computing each cell\'s label once and serving it from the database afterwards', async () => {
    const first = (await ams.get(`/api/v1/staff/hotspots?${YEAR}`)).json() as { features: Feature[] }
    const cells = first.features.length
    expect(cells).toBeGreaterThan(100)
    // One view looks up at most 100 new cells, so a large map is named over a few views, never slowly.
    expect(upstream.count('/locatieserver/reverse')).toBe(100)
    let views = 1
    while (upstream.count('/locatieserver/reverse') < cells && views < 20) {
      await ams.get(`/api/v1/staff/hotspots?${YEAR}`)
      views++
    }
    expect(views).toBe(Math.ceil(cells / 100))
    const calls = upstream.count('/locatieserver/reverse')
    // Exactly one upstream call per cell, each kept in the database.
    expect(calls).toBe(cells)
    const n = (await db.query<{ n: number }>('select count(*)::int as n from place_labels'))[0]!.n
    expect(n).toBe(cells)

    // Further page views and both exports reuse the stored labels: no further upstream call.
    const again = (await ams.get(`/api/v1/staff/hotspots?${YEAR}`)).json() as { features: Feature[] }
    const csv = await ams.get(`/api/v1/staff/hotspots.csv?${YEAR}`)
    const geo = (await ams.get(`/api/v1/staff/hotspots.geojson?${YEAR}`)).json() as { features: Feature[] }
    expect(upstream.count('/locatieserver/reverse')).toBe(calls)
    expect(geo.features.map((f) => f.properties.place)).toEqual(again.features.map((f) => f.properties.place))

    const named = again.features.filter((f) => f.properties.place === 'Leidseplein, Amsterdam')
    expect(named.length).toBeGreaterThan(0)
    // The stand-in knows only Leidseplein; cells far from it are unnamed, not mislabelled.
    expect(again.features.some((f) => f.properties.place === null)).toBe(true)
    // Where the neighbourhoods are loaded, the cell's neighbourhood comes with it.
    expect(again.features.some((f) => f.properties.neighbourhood !== null)).toBe(true)

    const lines = csv.body.trimEnd().split('\r\n')
    expect(lines[0]!.split(',').slice(-2)).toEqual(['place', 'neighbourhood'])
    const leidse = lines.find((l) => l.startsWith(`${named[0]!.id},`))!
    expect(leidse).toContain('"Leidseplein, Amsterdam"')
  })

  it('names pinned reports in the report list from the same cell labels, without asking again', async () => {
    const calls = upstream.count('/locatieserver/reverse')
    const list = (await ams.get(`/api/v1/staff/reports?${YEAR}&limit=200`)).json() as { items: { location: { precision: string, place: string | null } }[] }
    expect(list.items.some((r) => r.location.place === 'Leidseplein, Amsterdam')).toBe(true)
    expect(list.items.filter((r) => r.location.precision === 'area').every((r) => r.location.place === null)).toBe(true)
    // Reports sit in cells the hotspot views already named (plus at most a few outside the hotspot rows).
    const again = upstream.count('/locatieserver/reverse')
    await ams.get(`/api/v1/staff/reports?${YEAR}&limit=200`)
    expect(upstream.count('/locatieserver/reverse')).toBe(again)
    expect(again - calls).toBeLessThanOrEqual(100)
  })

  it('leaves a label empty, and asks again later, while the upstream is down', async () => {
    await db.query('delete from place_labels')
    upstream.mode = 'fail'
    try {
      // Another cell size: cells whose names no cache in the app has seen yet.
      const res = await ams.get(`/api/v1/staff/hotspots?${YEAR}&cellSize=250`)
      expect(res.statusCode).toBe(200)
      expect((res.json() as { features: Feature[] }).features.every((f) => f.properties.place === null)).toBe(true)
      const n = (await db.query<{ n: number }>('select count(*)::int as n from place_labels'))[0]!.n
      expect(n).toBe(0)
    } finally {
      upstream.mode = 'ok'
    }
  })
})
