// Neighbourhood import from the browser: preview (counts + simplified map) and confirm, GeoJSON in RD and WGS84 and a
// GeoPackage built here with sql.js; every bad file is a 4xx naming the problem and changes nothing; admins only.
import { fromRd } from '@meldpunt/analytics'
import type { Database } from '@meldpunt/db'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../apps/api/src/demo/seed.js'
import { resetData } from '../helpers/database.js'
import { buildTestApp, type TestApp } from '../helpers/server.js'
import { createStaff, login, STAFF_TEST_CONFIG, type StaffClient } from '../helpers/staff.js'

const FIXTURE = join(import.meta.dirname, '../fixtures/buurten-amsterdam-test.geojson')
type Fc = { type: string; crs?: unknown; features: { type: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: number[][][] } }[] }
const fixture = (): Fc => JSON.parse(readFileSync(FIXTURE, 'utf8'))

function toWgs84(fc: Fc): Fc {
  return {
    ...fc,
    crs: { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } },
    features: fc.features.map((f) => ({ ...f, geometry: { ...f.geometry, coordinates: f.geometry.coordinates.map((r) => r.map(([x, y]) => fromRd(x!, y!))) } })),
  }
}

/** GeoPackage geometry: GP header without envelope + little-endian WKB Polygon. */
function gpkgPolygon(rings: number[][][], srid: number): Uint8Array {
  const size = 8 + 1 + 4 + 4 + rings.reduce((s, r) => s + 4 + r.length * 16, 0)
  const buf = Buffer.alloc(size)
  buf.write('GP', 0, 'latin1')
  buf.writeUInt8(0, 2)
  buf.writeUInt8(0x01, 3) // little endian, no envelope
  buf.writeInt32LE(srid, 4)
  let at = 8
  buf.writeUInt8(1, at++)
  buf.writeUInt32LE(3, at)
  buf.writeUInt32LE(rings.length, (at += 4))
  at += 4
  for (const r of rings) {
    buf.writeUInt32LE(r.length, at)
    at += 4
    for (const [x, y] of r) {
      buf.writeDoubleLE(x!, at)
      buf.writeDoubleLE(y!, at + 8)
      at += 16
    }
  }
  return new Uint8Array(buf)
}

/** A minimal GeoPackage: a buurten layer from the fixture and a wijken layer with one district, in `srid`. */
async function geoPackage(srid = 28992): Promise<Buffer> {
  const require = createRequire(import.meta.url)
  const SQL = await (require('sql.js') as (c: object) => Promise<{ Database: new () => { run(s: string, p?: unknown[]): void; export(): Uint8Array } }>)({})
  const db = new SQL.Database()
  db.run('create table gpkg_contents (table_name text primary key, data_type text not null, identifier text, srs_id integer)')
  db.run('create table gpkg_geometry_columns (table_name text, column_name text, geometry_type_name text, srs_id integer, z integer, m integer)')
  db.run('create table buurten (fid integer primary key, geom blob, buurtcode text, buurtnaam text, gemeentecode text)')
  db.run('create table wijken (fid integer primary key, geom blob, wijkcode text, wijknaam text, gemeentecode text)')
  for (const t of ['buurten', 'wijken']) {
    db.run(`insert into gpkg_contents values (?, 'features', ?, ?)`, [t, t, srid])
    db.run(`insert into gpkg_geometry_columns values (?, 'geom', 'POLYGON', ?, 0, 0)`, [t, srid])
  }
  for (const f of fixture().features) {
    db.run('insert into buurten (geom, buurtcode, buurtnaam, gemeentecode) values (?, ?, ?, ?)', [
      gpkgPolygon(f.geometry.coordinates, srid),
      f.properties.buurtcode,
      f.properties.buurtnaam,
      'GM0363',
    ])
  }
  const square = [[[120000, 485000], [122000, 485000], [122000, 488000], [120000, 488000], [120000, 485000]]]
  db.run('insert into wijken (geom, wijkcode, wijknaam, gemeentecode) values (?, ?, ?, ?)', [gpkgPolygon(square, srid), 'WK036399', 'Testwijk', 'GM0363'])
  return Buffer.from(db.export())
}

let t: TestApp
let db: Database
let admin: StaffClient
let analyst: StaffClient
let utrecht: StaffClient

const send = (who: StaffClient, path: '/upload' | '/upload/preview', body: string | Buffer, type = 'application/geo+json') =>
  who.post(`/api/v1/staff/neighbourhoods${path}`, { payload: body, headers: { 'content-type': type } })

async function neighbourhoods(): Promise<string> {
  const rows = await db.query<{ r: string }>(`select municipality_code || ' ' || code || ' ' || md5(ST_AsBinary(boundary)::text) as r from neighbourhoods order by code`)
  const audit = await db.query<{ n: number }>(`select count(*)::int as n from audit_log where action = 'neighbourhood-import'`)
  return JSON.stringify([rows.map((r) => r.r), audit[0]!.n])
}

beforeAll(async () => {
  t = await buildTestApp(STAFF_TEST_CONFIG)
  db = t.database
  await resetData(db)
  await seedDemo(db, new Date('2025-06-01T00:00:00Z'))
  await createStaff(db, 'admin@example.nl', 'admin', 'GM0363')
  await createStaff(db, 'analyst@example.nl', 'analyst', 'GM0363')
  await createStaff(db, 'utr-admin@example.nl', 'admin', 'GM0344')
  admin = await login(t.app, 'admin@example.nl')
  analyst = await login(t.app, 'analyst@example.nl')
  utrecht = await login(t.app, 'utr-admin@example.nl')
})
afterAll(async () => {
  await resetData(db)
  await t.close()
})

describe('neighbourhood upload', () => {
  it('previews an RD New GeoJSON: counts, a WGS84 preview map around Amsterdam, nothing stored', async () => {
    const before = await neighbourhoods()
    const res = await send(admin, '/upload/preview', readFileSync(FIXTURE, 'utf8'))
    expect(res.statusCode, res.body).toBe(200)
    const body = res.json()
    expect(body).toMatchObject({ format: 'geojson', srid: 28992, counts: { buurt: 3, wijk: 0, gemeente: 0, otherMunicipalities: 0 } })
    expect(body.preview.features.map((f: { properties: { code: string } }) => f.properties.code)).toEqual(['BU03639901', 'BU03639902', 'BU03639903'])
    const [west, south, east, north] = body.bbox
    expect(west).toBeGreaterThan(4.8)
    expect(east).toBeLessThan(5.0)
    expect(south).toBeGreaterThan(52.3)
    expect(north).toBeLessThan(52.4)
    expect(await neighbourhoods()).toBe(before)
  })

  it('imports a WGS84 GeoJSON, back-fills reports and writes an audit entry', async () => {
    const res = await send(admin, '/upload', JSON.stringify(toWgs84(fixture())), 'application/json')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ format: 'geojson', srid: 4326, imported: 3, removed: 0 })
    expect(res.json().reportsWithNeighbourhood).toBeGreaterThan(0)
    const list = await admin.get('/api/v1/staff/neighbourhoods')
    expect(list.json().items.map((n: { code: string }) => n.code)).toEqual(['BU03639901', 'BU03639902', 'BU03639903'])
    const audit = await db.query<{ staff_user_id: string; detail: { imported: number } }>(`select staff_user_id, detail from audit_log where action = 'neighbourhood-import'`)
    expect(audit).toHaveLength(1)
    expect(audit[0]!.staff_user_id).toBe(admin.userId)
    expect(audit[0]!.detail.imported).toBe(3)
  })

  it('reads a GeoPackage (RD New) with a buurten and a wijken layer: counts both, imports the buurten', async () => {
    const gpkg = await geoPackage()
    const preview = await send(admin, '/upload/preview', gpkg, 'application/geopackage+sqlite3')
    expect(preview.statusCode, preview.body).toBe(200)
    expect(preview.json()).toMatchObject({ format: 'geopackage', srid: 28992, counts: { buurt: 3, wijk: 1, gemeente: 0 } })
    const res = await send(admin, '/upload', gpkg, 'application/octet-stream')
    expect(res.statusCode, res.body).toBe(200)
    expect(res.json()).toMatchObject({ format: 'geopackage', imported: 3 })
  })

  const bad: [string, () => Promise<string | Buffer> | string | Buffer, RegExp][] = [
    ['not GeoJSON or GeoPackage', () => 'buurtcode;naam\nBU03639901;x', /neither GeoJSON nor a GeoPackage/],
    ['JSON that is not a FeatureCollection', () => '{"type":"Feature"}', /not a GeoJSON FeatureCollection/],
    ['no features', () => JSON.stringify({ type: 'FeatureCollection', features: [] }), /no features/],
    ['unknown CRS', () => JSON.stringify({ ...fixture(), crs: { type: 'name', properties: { name: 'EPSG:3857' } } }), /EPSG:3857.*not supported/],
    ['GeoPackage in an unknown CRS', () => geoPackage(3857), /EPSG:3857.*not supported/],
    [
      'outside the Netherlands',
      () => JSON.stringify({ ...fixture(), crs: undefined, features: fixture().features.map((f) => ({ ...f, geometry: { ...f.geometry, coordinates: [[[500000, 0], [500100, 0], [500100, 100], [500000, 100], [500000, 0]]] } })) }),
      /neither RD New .* nor WGS84 .* in the Netherlands/,
    ],
    ['a file of another municipality', () => JSON.stringify({ ...fixture(), features: fixture().features.map((f) => ({ ...f, properties: { ...f.properties, buurtcode: f.properties.buurtcode!.toString().replace('0363', '0344'), gemeentecode: 'GM0344' } })) }), /nothing of municipality GM0363: its features belong to GM0344 \(3\)/],
    ['a SQLite file that is no GeoPackage', () => Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)]), /GeoPackage/],
  ]
  for (const [name, make, message] of bad) {
    it(`refuses ${name} with a 4xx naming it, on preview and confirm, changing nothing`, async () => {
      const before = await neighbourhoods()
      const body = await make()
      for (const path of ['/upload/preview', '/upload'] as const) {
        const res = await send(admin, path, body, Buffer.isBuffer(body) ? 'application/octet-stream' : 'application/json')
        expect(res.statusCode, res.body).toBe(422)
        expect(res.json().detail).toMatch(message)
      }
      expect(await neighbourhoods()).toBe(before)
    })
  }

  it('refuses a file larger than the limit with 413', async () => {
    const res = await send(admin, '/upload/preview', Buffer.alloc(33 * 1024 * 1024, 0x20), 'application/octet-stream')
    expect(res.statusCode).toBe(413)
  })

  it('refuses a file whose neighbourhoods lie outside the municipality, at confirm, changing nothing', async () => {
    const before = await neighbourhoods()
    const moved = fixture()
    for (const f of moved.features) f.geometry.coordinates = f.geometry.coordinates.map((r) => r.map(([x, y]) => [x! + 60_000, y! - 30_000]))
    const res = await send(admin, '/upload', JSON.stringify(moved))
    expect(res.statusCode, res.body).toBe(422)
    expect(res.json().detail).toMatch(/outside municipality GM0363/)
    expect(await neighbourhoods()).toBe(before)
  })

  it('is for admins only; another municipality\'s admin cannot import Amsterdam\'s file', async () => {
    const before = await neighbourhoods()
    for (const path of ['/upload/preview', '/upload'] as const) {
      expect((await send(analyst, path, readFileSync(FIXTURE, 'utf8'))).statusCode).toBe(403)
      const res = await send(utrecht, path, readFileSync(FIXTURE, 'utf8'))
      expect(res.statusCode).toBe(422)
      expect(res.json().detail).toMatch(/nothing of municipality GM0344/)
    }
    expect(await neighbourhoods()).toBe(before)
  })
})
