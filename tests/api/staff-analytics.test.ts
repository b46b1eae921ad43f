// Staff analytics on the demo data: hotspots (from rollups, checked against raw rows), tiles, time series, matrix, lists, exports, summaries.
import { getisOrdGiStarGrid, toRd } from '@meldpunt/analytics'
import { aoristicHours } from '@meldpunt/core'
import { insertReport, type Database } from '@meldpunt/db'
import { VectorTile } from '@mapbox/vector-tile'
import Pbf from 'pbf'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../apps/api/src/demo/seed.js'
import { importNeighbourhoodFile } from '../../apps/api/src/modules/neighbourhoods/neighbourhood-file.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'

const FIXTURE = join(import.meta.dirname, '../fixtures/buurten-amsterdam-test.geojson')
// The demo data ends on 2025-06-01 and covers the two years before it.
const UNTIL = new Date('2025-06-01T00:00:00Z')
const PERIOD = 'from=2023-06-02&to=2025-05-31'
const YEAR = 'from=2024-06-01&to=2025-05-31'

let t: TestApp
let db: Database
let ams: StaffClient
let utr: StaffClient

/** The 100 m cell id holding a lon/lat. */
function cellAt(lon: number, lat: number, size = 100): string {
  const [x, y] = toRd(lon, lat)
  return `${size}:${Math.floor(x / size)}:${Math.floor(y / size)}`
}

async function rawCount(where: string, params: unknown[] = []): Promise<number> {
  const [row] = await db.query<{ n: number }>(`select count(*)::int as n from reports where ${where}`, params)
  return row!.n
}

/** Decodes a tile into layer name → features' properties. */
function decode(body: Buffer): Record<string, Record<string, unknown>[]> {
  const tile = new VectorTile(new Pbf(body))
  const out: Record<string, Record<string, unknown>[]> = {}
  for (const [name, layer] of Object.entries(tile.layers)) {
    out[name] = Array.from({ length: layer.length }, (_, k) => layer.feature(k).properties)
  }
  return out
}

/** Slippy-map tile holding a lon/lat. */
function tileAt(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const x = Math.floor(((lon + 180) / 360) * n)
  const r = (lat * Math.PI) / 180
  const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
  return [x, y]
}

beforeAll(async () => {
  t = await buildTestApp(STAFF_TEST_CONFIG)
  db = t.database
  await resetData(db)
  await seedDemo(db, UNTIL)
  await createStaff(db, 'ams@example.nl', 'analyst', 'GM0363')
  await createStaff(db, 'utr@example.nl', 'analyst', 'GM0344')
  ams = await login(t.app, 'ams@example.nl')
  utr = await login(t.app, 'utr@example.nl')
})
afterAll(async () => {
  await resetData(db)
  await t.close()
})

describe('GET /hotspots', () => {
  it('marks the seeded nightlife hotspots as hot at 99 % (bin 3): Leidseplein, Rembrandtplein and the Neude', async () => {
    const res = await ams.get(`/api/v1/staff/hotspots?${PERIOD}`)
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ type: 'FeatureCollection', status: 'ok', cellSize: 100, distanceBand: 150 })
    const byId = new Map<string, { bin: number; count: number; z: number }>(body.features.map((f: { id: string; properties: never }) => [f.id, f.properties]))
    expect(byId.get(cellAt(4.8826, 52.3641))?.bin).toBe(3)
    expect(byId.get(cellAt(4.8966, 52.3663))?.bin).toBe(3)
    // Cells far from any hotspot are not significant.
    expect(body.hot).toBeLessThan(body.cells / 50)
    expect(body.features[0].properties.bin).toBe(3)
    // Hottest first.
    const zs = body.features.map((f: { properties: { z: number } }) => f.properties.z)
    expect(zs).toEqual([...zs].sort((a, b) => b - a))

    const utrecht = (await utr.get(`/api/v1/staff/hotspots?${PERIOD}`)).json()
    const neude = utrecht.features.find((f: { id: string }) => f.id === cellAt(5.1195, 52.0932))
    expect(neude.properties.bin).toBe(3)
  })

  it('counts every report of the period once, over every cell inside the municipality', async () => {
    const body = (await ams.get(`/api/v1/staff/hotspots?${YEAR}&include=all`)).json()
    // Reports placed only to a 1 km square are left out of cell answers, and counted (docs/adr/0005).
    const raw = await rawCount(`municipality_code = 'GM0363' and local_day between '2024-06-01' and '2025-05-31' and location_precision <> 'area'`)
    const coarse = await rawCount(`municipality_code = 'GM0363' and local_day between '2024-06-01' and '2025-05-31' and location_precision = 'area'`)
    expect(coarse).toBeGreaterThan(0)
    expect(body.reports).toBe(raw)
    expect(body.leftOutCoarse).toBe(coarse)
    expect(body.features.reduce((s: number, f: { properties: { count: number } }) => s + f.properties.count, 0)).toBe(raw)
    // Amsterdam is ~219 km²: about 22,000 cells of 1 ha, nearly all of them empty but still observations.
    expect(body.cells).toBeGreaterThan(20_000)
    expect(body.features).toHaveLength(body.cells)
    const empty = body.features.filter((f: { properties: { count: number } }) => f.properties.count === 0).length
    expect(empty).toBeGreaterThan(body.cells * 0.9)
  })

  it('adds whole months from the month rollup and edge days from the day rollup without losing or doubling a report', async () => {
    for (const [from, to] of [['2024-06-15', '2025-05-20'], ['2025-01-31', '2025-03-01'], ['2025-02-03', '2025-02-17'], ['2024-12-01', '2025-01-31']]) {
      const body = (await ams.get(`/api/v1/staff/hotspots?from=${from}&to=${to}&include=all`)).json()
      const raw = await db.query<{ id: string; n: number }>(
        `select '100:' || cell_x || ':' || cell_y as id, count(*)::int as n from reports
          where municipality_code = 'GM0363' and local_day between $1 and $2 and location_precision <> 'area' group by 1`,
        [from, to],
      )
      expect(body.reports, `${from}..${to}`).toBe(raw.reduce((s, r) => s + r.n, 0))
      const got = new Map(body.features.map((f: { id: string; properties: { count: number } }) => [f.id, f.properties.count]))
      for (const r of raw) expect(got.get(r.id), `${from}..${to} ${r.id}`).toBe(r.n)
    }
  })

  it('gives the z-scores a naive computation from raw report rows gives (the rollup loses nothing)', async () => {
    const body = (await ams.get(`/api/v1/staff/hotspots?${YEAR}&include=all`)).json()
    const raw = await db.query<{ i: number; j: number; n: number }>(
      `select floor(ST_X(ST_Transform(location, 28992)) / 100)::int as i, floor(ST_Y(ST_Transform(location, 28992)) / 100)::int as j, count(*)::int as n
         from reports where municipality_code = 'GM0363' and local_day between '2024-06-01' and '2025-05-31' and location_precision <> 'area' group by 1, 2`,
    )
    const counts = new Map(raw.map((r) => [`${r.i}:${r.j}`, r.n]))
    const cells = body.features.map((f: { id: string }) => {
      const [, i, j] = f.id.split(':').map(Number)
      return { i: i!, j: j!, count: counts.get(`${i}:${j}`) ?? 0 }
    })
    const gi = getisOrdGiStarGrid({ cells, cellSize: 100, distanceBand: 150 })
    body.features.forEach((f: { properties: { z: number; count: number } }, k: number) => {
      expect(f.properties.count).toBe(cells[k]!.count)
      expect(f.properties.z).toBeCloseTo(gi.z[k]!, 9)
    })
  })

  it('filters by hour, weekday, setting and category exactly, at every cell size (250 m from the 50 m rollup)', async () => {
    const where = `municipality_code = 'GM0363' and local_day between '2024-06-01' and '2025-05-31'`
    const cases: [string, string][] = [
      ['hours=22-3', `${where} and local_hour in (22, 23, 0, 1, 2, 3)`],
      ['weekdays=5,6', `${where} and local_weekday in (5, 6)`],
      ['settings=nightlife', `${where} and setting = 'nightlife'`],
      ['categories=catcalling,groping', `${where} and category in ('catcalling', 'groping')`],
      ['hours=20-23&weekdays=6&settings=nightlife,street', `${where} and local_hour between 20 and 23 and local_weekday = 6 and setting in ('nightlife', 'street')`],
    ]
    for (const [query, all] of cases) {
      const sql = `${all} and location_precision <> 'area'`
      const expected = await rawCount(sql)
      const coarse = await rawCount(`${all} and location_precision = 'area'`)
      for (const size of [100, 200, 250, 500, 1000]) {
        const body = (await ams.get(`/api/v1/staff/hotspots?${YEAR}&${query}&cellSize=${size}&include=all`)).json()
        expect(body.reports, `${query} at ${size} m`).toBe(expected)
        expect(body.leftOutCoarse, `${query} at ${size} m`).toBe(coarse)
        if (body.status !== 'ok') continue
        // Per-cell counts match the raw rows binned at this size, including 250 m, which 100 m cells do not tile.
        const raw = await db.query<{ id: string; n: number }>(
          `select $1::int || ':' || floor(ST_X(ST_Transform(location, 28992)) / $1)::int || ':' || floor(ST_Y(ST_Transform(location, 28992)) / $1)::int as id,
                  count(*)::int as n from reports where ${sql} group by 1`,
          [size],
        )
        const got = new Map(body.features.map((f: { id: string; properties: { count: number } }) => [f.id, f.properties.count]))
        for (const r of raw) expect(got.get(r.id), `${query} ${r.id}`).toBe(r.n)
      }
    }
  })

  it('takes a wider distance band on request, and never less than one cell', async () => {
    const wide = (await ams.get(`/api/v1/staff/hotspots?${YEAR}&distanceBand=300`)).json()
    expect(wide.distanceBand).toBe(300)
    expect((await ams.get(`/api/v1/staff/hotspots?${YEAR}&cellSize=500&distanceBand=20`)).json().distanceBand).toBe(500)
  })

  it('answers "insufficient-data" instead of a map for fewer than 30 reports', async () => {
    const res = await ams.get('/api/v1/staff/hotspots?from=2025-05-01&to=2025-05-31&categories=sexual-assault')
    expect(res.statusCode).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ status: 'insufficient-data', minimum: 30, cellSize: 100 })
    expect(body.reports).toBe(await rawCount(`municipality_code = 'GM0363' and category = 'sexual-assault' and local_day between '2025-05-01' and '2025-05-31' and location_precision <> 'area'`))
    expect(body.reports).toBeLessThan(30)
    expect(body.message).toMatch(/Not enough data: \d+ reports? match this selection/)
    expect(body.features).toBeUndefined()
  })

  it('rejects bad filters with 400 and a field to fix', async () => {
    const cases: [string, string][] = [
      ['cellSize=300', 'querystring.cellSize'],
      ['categories=catcalling,shouting', 'querystring.categories'],
      ['hours=25', 'querystring.hours'],
      ['weekdays=7', 'querystring.weekdays'],
      ['from=2025-02-30', 'querystring.from'],
      ['from=2025-13-01', 'querystring.from'],
      ['from=2025-05-01&to=2025-04-01', 'querystring.to'],
      ['from=2000-01-01&to=2025-01-01', 'querystring.from'],
      ['distanceBand=1001', 'querystring.distanceBand'],
    ]
    for (const [query, field] of cases) {
      const res = await ams.get(`/api/v1/staff/hotspots?${query}`)
      expect(res.statusCode, query).toBe(400)
      expect(res.headers['content-type']).toMatch(/problem\+json/)
      expect(res.json().errors.map((e: { field: string }) => e.field), query).toContain(field)
    }
  })

  it('is documented in the OpenAPI document', async () => {
    const doc = t.app.swagger() as { paths: Record<string, Record<string, { tags?: string[]; parameters?: { name: string }[] }>> }
    const get = doc.paths['/api/v1/staff/hotspots']!.get!
    expect(get.tags).toContain('staff')
    expect(get.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['from', 'to', 'categories', 'settings', 'hours', 'weekdays', 'cellSize']))
    for (const path of ['/api/v1/staff/timeseries', '/api/v1/staff/matrix', '/api/v1/staff/reports', '/api/v1/staff/reports/{id}', '/api/v1/staff/hotspots.csv',
      '/api/v1/staff/hotspots.geojson', '/api/v1/staff/neighbourhoods/{code}/summary', '/api/v1/staff/neighbourhoods/{code}/summary.csv', '/api/v1/staff/login']) {
      expect(doc.paths[path], path).toBeDefined()
    }
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/api/v1/staff/tiles/'))).toBe(true)
  })
})

describe('exports', () => {
  it('serves CSV and GeoJSON files and writes each export to the audit log', async () => {
    const before = await db.query(`select 1 from audit_log where action = 'export'`)
    const csv = await ams.get(`/api/v1/staff/hotspots.csv?${YEAR}`)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    expect(csv.headers['content-disposition']).toBe('attachment; filename="hotspots-GM0363-2024-06-01-2025-05-31-100m.csv"')
    const lines = csv.body.trimEnd().split('\r\n')
    expect(lines[0]).toBe('cell_id,cell_size_m,rd_x_min,rd_y_min,centre_lon,centre_lat,count,z,p,bin,class,inside_municipality,place,neighbourhood')
    const json = (await ams.get(`/api/v1/staff/hotspots?${YEAR}`)).json()
    expect(lines).toHaveLength(json.features.length + 1)
    expect(lines[1]!.split(',')[0]).toBe(json.features[0].id)
    expect(lines[1]).toContain('hot spot, 99 % confidence')

    const geo = await ams.get(`/api/v1/staff/hotspots.geojson?${YEAR}`)
    expect(geo.headers['content-type']).toBe('application/geo+json; charset=utf-8')
    expect(geo.headers['content-disposition']).toMatch(/^attachment; filename="hotspots-GM0363-.*\.geojson"$/)
    expect(geo.json().features).toHaveLength(json.features.length)

    const tooFew = await ams.get('/api/v1/staff/hotspots.csv?from=2025-05-01&to=2025-05-31&categories=sexual-assault')
    expect(tooFew.statusCode).toBe(409)
    expect(tooFew.json().status).toBe('insufficient-data')

    const audit = await db.query<{ resource: string; municipality_code: string; staff_user_id: string; detail: { filter: { from: string }; reports: number } }>(
      `select resource, municipality_code, staff_user_id, detail from audit_log where action = 'export' order by id`,
    )
    expect(audit.length - before.length).toBe(3)
    expect(audit.map((a) => a.resource).slice(-3)).toEqual(['hotspots.csv', 'hotspots.geojson', 'hotspots.csv'])
    expect(audit.at(-3)).toMatchObject({ municipality_code: 'GM0363', staff_user_id: ams.userId, detail: { filter: { from: '2024-06-01' }, reports: json.reports } })
  })
})

describe('GET /tiles/{z}/{x}/{y}.mvt', () => {
  it('encodes the hotspot cells (bin, count) and a density layer; empty tiles have no bytes', async () => {
    const [x, y] = tileAt(4.8826, 52.3641, 14)
    const res = await ams.get(`/api/v1/staff/tiles/14/${x}/${y}.mvt?${PERIOD}`)
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toBe('application/vnd.mapbox-vector-tile')
    expect(res.headers['x-meldpunt-status']).toBe('ok')
    const layers = decode(res.rawPayload)
    expect(Object.keys(layers).sort()).toEqual(['density', 'hotspot_cells'])
    const leidse = layers.hotspot_cells!.find((p) => p.id === cellAt(4.8826, 52.3641))
    expect(leidse).toMatchObject({ bin: 3 })
    expect(Number(leidse!.count)).toBeGreaterThan(10)
    expect(layers.density!.every((p) => Number(p.count) > 0)).toBe(true)
    // The tile's cells agree with the GeoJSON endpoint.
    const geo = (await ams.get(`/api/v1/staff/hotspots?${PERIOD}`)).json()
    const fromGeo = geo.features.find((f: { id: string }) => f.id === leidse!.id).properties
    expect(Number(leidse!.count)).toBe(fromGeo.count)

    const [gx, gy] = tileAt(6.5665, 53.2194, 14) // Groningen: nothing of Amsterdam there
    const empty = await ams.get(`/api/v1/staff/tiles/14/${gx}/${gy}.mvt?${PERIOD}`)
    expect(empty.statusCode).toBe(200)
    expect(empty.rawPayload).toHaveLength(0)

    const few = await ams.get(`/api/v1/staff/tiles/14/${x}/${y}.mvt?from=2025-05-01&to=2025-05-31&categories=sexual-assault`)
    expect(few.headers['x-meldpunt-status']).toBe('insufficient-data')
    expect(few.rawPayload).toHaveLength(0)

    expect((await ams.get(`/api/v1/staff/tiles/3/8/1.mvt`)).statusCode).toBe(400)
    expect((await ams.get(`/api/v1/staff/tiles/23/0/0.mvt`)).statusCode).toBe(400)
  })
})

describe('GET /timeseries and GET /matrix', () => {
  it('counts per day with zero days filled in, and per ISO week', async () => {
    const daily = (await ams.get('/api/v1/staff/timeseries?from=2025-01-01&to=2025-03-31')).json()
    expect(daily.points).toHaveLength(90)
    expect(daily.points[0]).toMatchObject({ start: '2025-01-01', days: 1 })
    const raw = await rawCount(`municipality_code = 'GM0363' and local_day between '2025-01-01' and '2025-03-31'`)
    expect(daily.total).toBe(raw)
    expect(daily.points.reduce((s: number, p: { count: number }) => s + p.count, 0)).toBe(raw)
    expect(daily.points.find((p: { start: string }) => p.start === '2025-02-14').count).toBe(
      await rawCount(`municipality_code = 'GM0363' and local_day = '2025-02-14'`),
    )

    const weekly = (await ams.get('/api/v1/staff/timeseries?from=2025-01-01&to=2025-03-31&interval=week')).json()
    // 2025-01-01 is a Wednesday: the first week starts Monday 30 December and has 5 days in the period.
    expect(weekly.points[0]).toEqual({ start: '2024-12-30', days: 5, count: expect.any(Number) })
    expect(weekly.points.every((p: { start: string }) => new Date(`${p.start}T00:00:00Z`).getUTCDay() === 1)).toBe(true)
    expect(weekly.points.reduce((s: number, p: { days: number }) => s + p.days, 0)).toBe(90)
    expect(weekly.total).toBe(raw)

    const nights = (await ams.get('/api/v1/staff/timeseries?from=2025-01-01&to=2025-03-31&hours=22-3&settings=nightlife')).json()
    expect(nights.total).toBe(await rawCount(`municipality_code = 'GM0363' and local_day between '2025-01-01' and '2025-03-31' and local_hour in (22,23,0,1,2,3) and setting = 'nightlife'`))
  })

  it('gives a 7 × 24 weekday × hour grid of aoristic weights that adds up to the raw rows spread over their windows', async () => {
    const m = (await ams.get(`/api/v1/staff/matrix?${YEAR}`)).json()
    expect(m.counts).toHaveLength(7)
    expect(m.counts.every((row: number[]) => row.length === 24)).toBe(true)
    expect(m.weekdays[0]).toBe('sunday')
    // Every report's weight of 1 spread over the local hours its window touches, kept where the hour's day is in the period.
    const windows = await db.query<{ from: Date; to: Date }>(
      `select occurred_from as "from", occurred_to as "to" from reports where municipality_code = 'GM0363' and local_day between '2024-05-24' and '2025-06-07'`,
    )
    const expected = Array.from({ length: 7 }, () => new Array<number>(24).fill(0))
    let total = 0
    let spread = 0
    for (const w of windows) {
      const hours = aoristicHours(new Date(w.from), new Date(w.to))
      if (hours.length > 1) spread++
      for (const a of hours) {
        if (a.day < '2024-06-01' || a.day > '2025-05-31') continue
        expected[a.weekday]![a.hour]! += a.weight
        total += a.weight
      }
    }
    expect(spread).toBeGreaterThan(0)
    expect(m.total).toBeCloseTo(total, 6)
    expect(m.total).toBeCloseTo(await rawCount(`municipality_code = 'GM0363' and local_day between '2024-06-01' and '2025-05-31'`), -1)
    for (let d = 0; d < 7; d++) for (let h = 0; h < 24; h++) expect(m.counts[d][h], `${d} ${h}`).toBeCloseTo(expected[d]![h]!, 6)
    // The seeded nightlife peaks on Friday and Saturday nights.
    expect(m.counts[6][23]).toBeGreaterThan(m.counts[2][23])
  })
})

describe('GET /reports and GET /reports/{id}', () => {
  it('pages through a filtered list, newest first, and audits every page with the ids it showed', async () => {
    const where = `municipality_code = 'GM0363' and local_day between '2025-05-01' and '2025-05-31' and setting = 'nightlife'`
    const expected = await rawCount(where)
    const seen: string[] = []
    let after: string | null = null
    let pages = 0
    do {
      const res = await ams.get(`/api/v1/staff/reports?from=2025-05-01&to=2025-05-31&settings=nightlife&limit=20${after ? `&after=${after}` : ''}`)
      expect(res.statusCode).toBe(200)
      const body = res.json()
      expect(body.total).toBe(expected)
      seen.push(...body.items.map((r: { id: string }) => r.id))
      for (const r of body.items) expect(r.setting).toBe('nightlife')
      after = body.next
      pages++
    } while (after && pages < 50)
    expect(seen).toHaveLength(expected)
    expect(new Set(seen).size).toBe(expected)
    const audit = await db.query<{ detail: { ids: string[]; total: number } }>(`select detail from audit_log where action = 'reports.list' order by id`)
    expect(audit).toHaveLength(pages)
    expect(audit.flatMap((a) => a.detail.ids)).toEqual(seen)
    // The audit never holds what a reporter wrote.
    const text = JSON.stringify(await db.query(`select * from audit_log`))
    expect(text).not.toMatch(/Demo: /)
  })

  it('lists only the reports of one hotspot cell, and shows one report with its additions (audited)', async () => {
    const cell = cellAt(4.8826, 52.3641)
    const body = (await ams.get(`/api/v1/staff/reports?${YEAR}&cell=${cell}&limit=200`)).json()
    const [, i, j] = cell.split(':').map(Number)
    expect(body.total).toBe(await rawCount(`municipality_code = 'GM0363' and local_day between '2024-06-01' and '2025-05-31' and cell_x = ${i} and cell_y = ${j}`))
    expect(body.total).toBeGreaterThan(20)
    const withText = (await ams.get(`/api/v1/staff/reports?${PERIOD}&limit=200`)).json().items.find((r: { description: string | null }) => r.description)
    await db.query(`insert into report_additions (municipality_code, report_id, id, text) values ('GM0363', $1, gen_random_uuid(), 'Later: it happened again.')`, [withText.id])
    const one = await ams.get(`/api/v1/staff/reports/${withText.id}`)
    expect(one.statusCode).toBe(200)
    expect(one.json()).toMatchObject({ id: withText.id, description: withText.description, additions: [{ text: 'Later: it happened again.', purged: false }] })
    const [audit] = await db.query<{ action: string; resource: string; staff_user_id: string }>(`select action, resource, staff_user_id from audit_log where action = 'reports.read'`)
    expect(audit).toEqual({ action: 'reports.read', resource: `reports/${withText.id}`, staff_user_id: ams.userId })
    expect((await ams.get('/api/v1/staff/reports/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404)
    expect((await ams.get('/api/v1/staff/reports?after=bogus')).statusCode).toBe(400)
    expect((await ams.get('/api/v1/staff/reports?cell=100:1:x')).statusCode).toBe(400)
  })
})

describe('neighbourhood summary', () => {
  it('summarises a neighbourhood: counts against the previous period, its hot cells, its time pattern; CSV is audited', async () => {
    await importNeighbourhoodFile(db, FIXTURE, 'GM0363')
    const list = (await ams.get('/api/v1/staff/neighbourhoods')).json()
    expect(list.items.map((n: { code: string }) => n.code)).toEqual(['BU03639901', 'BU03639902', 'BU03639903'])

    const res = await ams.get(`/api/v1/staff/neighbourhoods/BU03639901/summary?${YEAR}`)
    expect(res.statusCode).toBe(200)
    const s = res.json()
    expect(s.neighbourhood).toEqual({ code: 'BU03639901', name: 'Testbuurt Leidseplein' })
    // The same number of days (365) right before the period.
    expect(s.previousPeriod).toEqual({ from: '2023-06-02', to: '2024-05-31' })
    // Reports placed only to a 1 km square are left out and counted (docs/adr/0005).
    expect(s.total).toBe(await rawCount(`neighbourhood_code = 'BU03639901' and local_day between '2024-06-01' and '2025-05-31' and location_precision <> 'area'`))
    expect(s.leftOutCoarse).toBe(await rawCount(`neighbourhood_code = 'BU03639901' and local_day between '2024-06-01' and '2025-05-31' and location_precision = 'area'`))
    expect(s.previousTotal).toBe(await rawCount(`neighbourhood_code = 'BU03639901' and local_day between '2023-06-02' and '2024-05-31' and location_precision <> 'area'`))
    expect(s.trend.difference).toBe(s.total - s.previousTotal)
    expect(s.trend.rateRatioCi95[0]).toBeLessThan(s.trend.rateRatio)
    expect(s.trend.rateRatioCi95[1]).toBeGreaterThan(s.trend.rateRatio)
    expect(s.byCategory.reduce((a: number, r: { count: number }) => a + r.count, 0)).toBe(s.total)
    expect(s.bySetting.find((r: { id: string }) => r.id === 'nightlife').count).toBe(
      await rawCount(`neighbourhood_code = 'BU03639901' and setting = 'nightlife' and local_day between '2024-06-01' and '2025-05-31' and location_precision <> 'area'`),
    )
    expect(s.timePattern.byWeekday.reduce((a: number, v: number) => a + v, 0)).toBeCloseTo(s.total, 6)
    expect(s.timePattern.byHour).toHaveLength(24)
    expect(s.hotspots.status).toBe('ok')
    const leidse = s.hotspots.cells.find((c: { id: string }) => c.id === cellAt(4.8826, 52.3641))
    expect(leidse.bin).toBe(3)
    expect(s.hotspots.hot).toBeGreaterThan(0)
    // Only cells centred inside the neighbourhood (a 650 × 700 m square: at most 7 × 7 cells of 100 m).
    expect(s.hotspots.cells.length).toBeLessThanOrEqual(49)

    const csv = await ams.get(`/api/v1/staff/neighbourhoods/BU03639901/summary.csv?${YEAR}`)
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8')
    const lines = csv.body.trimEnd().split('\r\n')
    expect(lines[0]).toBe('section,key,label,count,previous_count')
    expect(lines).toContain(`total,all,All reports,${s.total},${s.previousTotal}`)
    expect(lines.filter((l) => l.startsWith('hotspot-cell,'))).toHaveLength(s.hotspots.cells.length)
    const [audit] = await db.query<{ resource: string }>(`select resource from audit_log where action = 'export' and resource like 'neighbourhoods/%'`)
    expect(audit!.resource).toBe('neighbourhoods/BU03639901/summary.csv')

    expect((await ams.get('/api/v1/staff/neighbourhoods/BU03630000/summary')).statusCode).toBe(404)
    expect((await ams.get('/api/v1/staff/neighbourhoods/nope/summary')).statusCode).toBe(400)
  })
})

describe('rollups stay current on insert', () => {
  it('shows when a report arrived to the hour only, in the list and in the detail', async () => {
    const [row] = await db.query<{ id: string }>(
      `update reports set received_at = '2025-05-14T10:37:12.345Z' where id = (select id from reports where municipality_code = 'GM0363' and local_day = '2025-05-14' limit 1) returning id`,
    )
    const list = (await ams.get('/api/v1/staff/reports?from=2025-05-14&to=2025-05-14&limit=200')).json()
    const listed = list.items.find((r: { id: string }) => r.id === row!.id)
    expect(listed.receivedAt).toBe('2025-05-14T10:00:00.000Z')
    for (const r of list.items) expect(r.receivedAt, r.id).toMatch(/T\d\d:00:00\.000Z$/)
    const detail = (await ams.get(`/api/v1/staff/reports/${row!.id}`)).json()
    expect(detail.receivedAt ?? detail.report?.receivedAt).toBe('2025-05-14T10:00:00.000Z')
    expect(JSON.stringify(detail)).not.toContain('10:37')
  })

  it('counts a new report into all four rollups in its own transaction', async () => {
    const sum = async () =>
      (
        await db.query<{ a: number; b: number; c: number; d: number }>(
          `select (select coalesce(sum(n), 0)::int from rollup_cell_day where municipality_code = 'GM0363') as a,
                  (select coalesce(sum(n), 0)::int from rollup_hour_day where municipality_code = 'GM0363') as b,
                  (select coalesce(sum(n), 0)::int from rollup_cell_hour where municipality_code = 'GM0363') as c,
                  (select coalesce(sum(n), 0)::int from rollup_cell_month where municipality_code = 'GM0363') as d`,
        )
      )[0]!
    const before = await sum()
    const reports = await rawCount(`municipality_code = 'GM0363'`)
    expect(before).toEqual({ a: reports, b: reports, c: reports, d: reports })
    await db.transaction((tx) =>
      insertReport(tx, 'GM0363', {
        id: '11111111-1111-4111-8111-111111111111',
        occurredFrom: new Date('2025-05-30T22:10:00Z'),
        occurredTo: new Date('2025-05-30T22:10:00Z'),
        lon: 4.8826,
        lat: 52.3641,
        precision: 'exact',
        category: 'groping',
        setting: 'nightlife',
        role: 'victim',
        urgent: false,
        groups: [],
        receiptHash: Buffer.alloc(32, 7),
      }),
    )
    expect(await sum()).toEqual({ a: reports + 1, b: reports + 1, c: reports + 1, d: reports + 1 })
    const [x, y] = toRd(4.8826, 52.3641)
    const [row] = await db.query<{ n: number }>(
      `select n from rollup_cell_hour where municipality_code = 'GM0363' and day = '2025-05-31' and hour = 0 and category = 'groping'
          and setting = 'nightlife' and cell50_x = $1 and cell50_y = $2`,
      [Math.floor(x / 50), Math.floor(y / 50)],
    )
    expect(row!.n).toBeGreaterThanOrEqual(1)
  })
})
