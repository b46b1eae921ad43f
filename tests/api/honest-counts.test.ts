// Uncertain times spread over their hours (aoristic), coarse places left out of cell answers.
import { fromRd } from '@meldpunt/analytics'
import { insertReport, prepareReport, type Database, type ReportRow } from '@meldpunt/db'
import { VectorTile } from '@mapbox/vector-tile'
import Pbf from 'pbf'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { importNeighbourhoodFile } from '../../apps/api/src/modules/neighbourhoods/neighbourhood-file.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'
import { reportRow } from '../fixtures.js'

const FIXTURE = join(import.meta.dirname, '../fixtures/buurten-amsterdam-test.geojson')
const MIGRATION = join(import.meta.dirname, '../../migrations/0130_aoristic_and_coarse.sql')
const NOVEMBER = 'from=2026-11-01&to=2026-11-30'

let t: TestApp
let db: Database
let ams: StaffClient

function report(fields: Partial<ReportRow> & Pick<ReportRow, 'occurredFrom' | 'occurredTo'>): ReportRow {
  // Amstel, well inside Amsterdam and 3 km from the square used for coarse reports below.
  const [lon, lat] = fromRd(123_520, 484_530)
  return reportRow({ lon, lat, category: 'groping', ...fields })
}

async function insertAll(rows: readonly ReportRow[]): Promise<void> {
  for (const r of rows) await db.transaction((tx) => insertReport(tx, 'GM0363', r))
}

const hourAt = (iso: string) => new Date(iso)

beforeAll(async () => {
  t = await buildTestApp(STAFF_TEST_CONFIG)
  db = t.database
})
beforeEach(async () => {
  await resetData(db)
  await createStaff(db, 'ams@example.nl', 'analyst', 'GM0363')
  ams = await login(t.app, 'ams@example.nl')
})
afterAll(async () => {
  await resetData(db)
  await t.close()
})

describe('aoristic weekday × hour grid', () => {
  /** 2026-11-13 is a Friday; November is UTC+1, so 13:00Z–21:00Z is 14:00–22:00 local. */
  const rows = () => [
    report({ occurredFrom: hourAt('2026-11-13T13:00:00Z'), occurredTo: hourAt('2026-11-13T21:00:00Z') }),
    // "earlier today": Tuesday 10 November, 00:00–22:50 local, 23 hours.
    report({ occurredFrom: hourAt('2026-11-09T23:00:00Z'), occurredTo: hourAt('2026-11-10T21:50:00Z') }),
    // Monday 00:00 to Thursday 00:00 local: 72 hours.
    report({ occurredFrom: hourAt('2026-11-01T23:00:00Z'), occurredTo: hourAt('2026-11-04T23:00:00Z') }),
    ...Array.from({ length: 9 }, (_, k) => report({ occurredFrom: hourAt(`2026-11-${String(15 + k).padStart(2, '0')}T20:10:00Z`), occurredTo: hourAt(`2026-11-${String(15 + k).padStart(2, '0')}T20:40:00Z`) })),
  ]

  it('sums to the number of reports, and an 8-hour window adds 1/8 to each of its hours', async () => {
    await insertAll(rows())
    const m = (await ams.get(`/api/v1/staff/matrix?${NOVEMBER}`)).json()
    const sum = m.counts.flat().reduce((a: number, b: number) => a + b, 0)
    expect(m.total).toBe(12)
    expect(sum).toBeCloseTo(12, 6)
    // Friday 14–21 h hold the 8-hour report; 21 h also the exact report of Friday 20 November; 13 and 22 h nothing.
    expect(m.counts[5].slice(14, 21)).toEqual(new Array(7).fill(0.125))
    expect(m.counts[5][21]).toBe(1.125)
    expect([m.counts[5][13], m.counts[5][22]]).toEqual([0, 0])
    // Tuesday 00–22 h: 1/23 of "earlier today" plus 1/72 of the three-day window until 00:00 Thursday.
    expect(m.counts[2][0]).toBeCloseTo(1 / 23 + 1 / 72, 9)
    expect(m.counts[2][23]).toBeCloseTo(1 / 72, 9)
    // The nine exact reports at 21:10–21:40 local count whole.
    expect(m.counts.reduce((a: number, row: number[]) => a + row[21]!, 0)).toBeCloseTo(9 + 0.125 + 1 / 23 + 3 / 72, 9)
  })

  it('filters by time of day on the weights: half of an 8-hour window lies in 14–17 h', async () => {
    await insertAll(rows())
    const m = (await ams.get(`/api/v1/staff/matrix?${NOVEMBER}&hours=14-17&weekdays=5`)).json()
    expect(m.total).toBe(0.5)
    expect(m.counts[5].slice(14, 18)).toEqual([0.125, 0.125, 0.125, 0.125])
  })

  it('backfills existing reports in the migration exactly as the write path spreads them', async () => {
    await insertAll(rows())
    const snapshot = () =>
      db.query<{ day: string; hour: number; weekday: number; w: number }>(
        `select day::text, hour, weekday, round(sum(w)::numeric, 9)::float8 as w from rollup_hour_weight group by 1, 2, 3 order by 1, 2`,
      )
    const written = await snapshot()
    const sql = readFileSync(MIGRATION, 'utf8')
    const start = sql.indexOf('insert into rollup_hour_weight')
    await db.query('truncate rollup_hour_weight')
    await db.query(sql.slice(start, sql.indexOf(';', start)))
    expect(await snapshot()).toEqual(written)
    expect(written.length).toBe(8 + 23 + 72 + 9)
  })
})

describe('reports placed only to a 1 km square', () => {
  /** Points spread over the 1 km square [120 000, 121 000) × [486 000, 487 000): they all snap to its centre. */
  const coarse = (n: number) =>
    Array.from({ length: n }, (_, k) => {
      const [lon, lat] = fromRd(120_050 + ((k * 137) % 900), 486_050 + ((k * 311) % 900))
      return report({ lon, lat, precision: 'area', occurredFrom: hourAt('2026-11-14T22:00:00Z'), occurredTo: hourAt('2026-11-14T22:00:00Z') })
    })
  /** The four cells of each offered size that meet at the square's centre (120 500, 486 500). */
  const cornerCells = (size: number) => {
    const [i, j] = [Math.round(120_500 / size), Math.round(486_500 / size)]
    return [`${size}:${i - 1}:${j - 1}`, `${size}:${i}:${j - 1}`, `${size}:${i - 1}:${j}`, `${size}:${i}:${j}`]
  }

  it('make no hotspot at any corner at any cell size, and every answer says how many it left out', async () => {
    await insertAll(coarse(60))
    for (const cellSize of [100, 200, 250, 500, 1000]) {
      const body = (await ams.get(`/api/v1/staff/hotspots?${NOVEMBER}&cellSize=${cellSize}`)).json()
      expect(body, `${cellSize} m`).toMatchObject({ status: 'insufficient-data', reports: 0, leftOutCoarse: 60 })
    }
    // They still happened: the time views count them.
    expect((await ams.get(`/api/v1/staff/timeseries?${NOVEMBER}`)).json().total).toBe(60)
    expect((await ams.get(`/api/v1/staff/matrix?${NOVEMBER}`)).json().total).toBe(60)
  })

  it('beside pinned reports: hotspot, tile and drill-down totals add up to all reports less those left out', async () => {
    await importNeighbourhoodFile(db, FIXTURE, 'GM0363')
    await insertAll(coarse(60))
    const [lon, lat] = fromRd(120_620, 486_380) // Inside Testbuurt Leidseplein and inside the same square.
    await insertAll([
      ...Array.from({ length: 40 }, () => report({ occurredFrom: hourAt('2026-11-20T21:00:00Z'), occurredTo: hourAt('2026-11-20T21:00:00Z') })),
      ...Array.from({ length: 5 }, () => report({ lon, lat, occurredFrom: hourAt('2026-11-21T21:00:00Z'), occurredTo: hourAt('2026-11-21T21:00:00Z') })),
    ])
    for (const cellSize of [100, 200, 250, 500, 1000]) {
      const body = (await ams.get(`/api/v1/staff/hotspots?${NOVEMBER}&cellSize=${cellSize}&include=all`)).json()
      expect(body, `${cellSize} m`).toMatchObject({ status: 'ok', reports: 45, leftOutCoarse: 60 })
      const features: { id: string; properties: { count: number; bin: number } }[] = body.features
      expect(features.reduce((a, f) => a + f.properties.count, 0)).toBe(45)
      // The cells meeting at the square's centre hold the pinned reports that lie in them, and nothing of the 60.
      const pinnedCell = `${cellSize}:${Math.floor(120_620 / cellSize)}:${Math.floor(486_380 / cellSize)}`
      const corners = cornerCells(cellSize)
      const atCorners = features.filter((f) => corners.includes(f.id)).reduce((a, f) => a + f.properties.count, 0)
      expect(atCorners, `${cellSize} m`).toBe(corners.includes(pinnedCell) ? 5 : 0)
    }

    // The tile over the square shows only the five pinned reports.
    const z = 14
    const n = 2 ** z
    const [tlon, tlat] = fromRd(120_500, 486_500)
    const x = Math.floor(((tlon + 180) / 360) * n)
    const r = (tlat * Math.PI) / 180
    const y = Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)
    const tile = await ams.get(`/api/v1/staff/tiles/${z}/${x}/${y}.mvt?${NOVEMBER}`)
    const layer = new VectorTile(new Pbf(tile.rawPayload)).layers.density!
    const counts = Array.from({ length: layer.length }, (_, k) => Number(layer.feature(k).properties.count))
    expect(counts.reduce((a, b) => a + b, 0)).toBe(5)

    // A corner cell's drill-down lists no coarse report.
    for (const id of cornerCells(100)) {
      const list = (await ams.get(`/api/v1/staff/reports?${NOVEMBER}&cell=${id}`)).json()
      expect(list.items.every((item: { location: { precision: string } }) => item.location.precision !== 'area')).toBe(true)
    }

    // The neighbourhood holding the square's centre counts its pinned reports and says how many it left out.
    const s = (await ams.get(`/api/v1/staff/neighbourhoods/BU03639901/summary?${NOVEMBER}`)).json()
    expect(s).toMatchObject({ total: 5, leftOutCoarse: 60 })
    expect(s.timePattern.byHour.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(5, 9)
    const csv = (await ams.get(`/api/v1/staff/neighbourhoods/BU03639901/summary.csv?${NOVEMBER}`)).body
    expect(csv).toContain('left-out,area,Reports placed only to a 1 km square (left out),60,')
  })

  it('are moved out of their cells in an existing database by migration 0130, exactly as the write path counts them', async () => {
    const rows = [
      ...coarse(7),
      ...Array.from({ length: 3 }, () => report({ occurredFrom: hourAt('2026-11-14T22:00:00Z'), occurredTo: hourAt('2026-11-14T22:00:00Z') })),
    ]
    await insertAll(rows)
    const snapshot = async () => ({
      day: await db.query(`select day::text, cell_x, cell_y, category, sum(n)::int as n from rollup_cell_day group by 1, 2, 3, 4 order by 1, 2, 3, 4`),
      month: await db.query(`select month::text, cell_x, cell_y, sum(n)::int as n from rollup_cell_month group by 1, 2, 3 order by 1, 2, 3`),
      hour: await db.query(`select day::text, cell50_x, cell50_y, hour, category, setting, sum(n)::int as n from rollup_cell_hour group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`),
    })
    const written = await snapshot()
    const [coarseCells] = await db.query<{ n: number }>(`select sum(n)::int as n from rollup_cell_day where cell_x = -1 and cell_y = -1`)
    expect(coarseCells!.n).toBe(7)

    // The state before 0130: area reports counted at the cells their point fell in (at another shard), none at (-1, -1).
    for (const table of ['rollup_cell_day', 'rollup_cell_month']) await db.query(`delete from ${table} where cell_x = -1 and cell_y = -1`)
    await db.query('delete from rollup_cell_hour where cell50_x = -1 and cell50_y = -1')
    for (const r of rows.filter((row) => row.precision === 'area')) {
      const p = prepareReport('GM0363', r)
      await db.query(`insert into rollup_cell_day (municipality_code, day, cell_x, cell_y, category, shard, n) values ('GM0363', $1, $2, $3, $4, 5, 1)
        on conflict (municipality_code, day, cell_x, cell_y, category, shard) do update set n = rollup_cell_day.n + 1`, [p.day, p.cellX, p.cellY, p.category])
      await db.query(`insert into rollup_cell_month (municipality_code, month, cell_x, cell_y, shard, n) values ('GM0363', date_trunc('month', $1::date)::date, $2, $3, 5, 1)
        on conflict (municipality_code, month, cell_x, cell_y, shard) do update set n = rollup_cell_month.n + 1`, [p.day, p.cellX, p.cellY])
      await db.query(`insert into rollup_cell_hour (municipality_code, day, cell50_x, cell50_y, hour, category, setting, shard, n) values ('GM0363', $1, $2, $3, $4, $5, $6, 5, 1)
        on conflict (municipality_code, day, cell50_x, cell50_y, hour, category, setting, shard) do update set n = rollup_cell_hour.n + 1`,
        [p.day, p.cell50X, p.cell50Y, p.hour, p.category, p.setting])
    }
    expect(await snapshot()).not.toEqual(written)
    const sql = readFileSync(MIGRATION, 'utf8')
    const statements = sql.slice(sql.indexOf("-- Reports placed only to a 1 km square ('area')"))
      .split(/;\s*\n/).map((st) => st.trim()).filter((st) => st.length > 0)
    expect(statements).toHaveLength(6)
    for (const statement of statements) await db.query(statement)
    expect(await snapshot()).toEqual(written)
  })
})
