// Importing CBS neighbourhoods: CRS detection, every refusal leaves the database untouched, success back-fills reports.
import { fromRd } from '@meldpunt/analytics'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedDemo } from '../../apps/api/src/demo/seed.js'
import { importNeighbourhoodFile, NeighbourhoodImportError } from '../../apps/api/src/modules/neighbourhoods/neighbourhood-file.js'
import { resetData, testDatabase } from '../helpers/database.js'
import { backfillNeighbourhoods, type BackfillProgress, type Database } from '@meldpunt/db'

const FIXTURE = join(import.meta.dirname, '../fixtures/buurten-amsterdam-test.geojson')
type Fc = { type: string; crs?: unknown; features: { type: string; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] }
const fixture = (): Fc => JSON.parse(readFileSync(FIXTURE, 'utf8'))

let db: Database
let dir: string

function write(name: string, content: unknown): string {
  const file = join(dir, name)
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content))
  return file
}

/** Everything an import could change: the neighbourhoods and each report's neighbourhood code. */
async function state(): Promise<string> {
  const nb = await db.query<{ r: string }>(`select code || ' ' || name || ' ' || md5(ST_AsBinary(boundary)::text) as r from neighbourhoods order by code`)
  const reports = await db.query<{ r: string }>(
    `select coalesce(neighbourhood_code, '-') || ':' || count(*) as r from reports group by neighbourhood_code order by neighbourhood_code nulls first`,
  )
  return JSON.stringify([nb.map((r) => r.r), reports.map((r) => r.r)])
}

async function refused(file: string, municipality: string, message: RegExp): Promise<void> {
  const before = await state()
  const error = await importNeighbourhoodFile(db, file, municipality).then(
    () => null,
    (e: unknown) => e,
  )
  expect(error, `expected ${file} to be refused`).toBeInstanceOf(NeighbourhoodImportError)
  expect((error as Error).message).toMatch(/nothing was changed/)
  expect((error as Error).message).toMatch(message)
  expect(await state()).toBe(before)
}

beforeAll(async () => {
  db = await testDatabase()
  await resetData(db)
  await seedDemo(db, new Date('2025-06-01T00:00:00Z'))
  dir = mkdtempSync(join(tmpdir(), 'meldpunt-buurten-'))
})
afterAll(async () => {
  await resetData(db)
  rmSync(dir, { recursive: true, force: true })
})

describe('import-neighbourhoods', () => {
  it('imports the RD New fixture and back-fills every report of the municipality', async () => {
    const result = await importNeighbourhoodFile(db, FIXTURE, 'GM0363')
    expect(result).toMatchObject({ imported: 3, removed: 0, srid: 28992 })
    const rows = await db.query<{ code: string; name: string; municipality_code: string }>(`select code, name, municipality_code from neighbourhoods order by code`)
    expect(rows).toEqual([
      { code: 'BU03639901', name: 'Testbuurt Leidseplein', municipality_code: 'GM0363' },
      { code: 'BU03639902', name: 'Testbuurt Rembrandtplein', municipality_code: 'GM0363' },
      { code: 'BU03639903', name: 'Testbuurt Centraal Station', municipality_code: 'GM0363' },
    ])
    // Back-fill agrees with a spatial join done here independently.
    const check = await db.query<{ code: string; assigned: number; inside: number }>(
      `select n.code,
              (select count(*)::int from reports r where r.neighbourhood_code = n.code) as assigned,
              (select count(*)::int from reports r where r.municipality_code = 'GM0363' and ST_Intersects(n.boundary, r.location)) as inside
         from neighbourhoods n order by n.code`,
    )
    for (const c of check) {
      expect(c.assigned, c.code).toBe(c.inside)
      expect(c.assigned, c.code).toBeGreaterThan(100)
    }
    const [utrecht] = await db.query<{ n: number }>(`select count(*)::int as n from reports where municipality_code = 'GM0344' and neighbourhood_code is not null`)
    expect(utrecht!.n).toBe(0)
    expect(result.reportsWithNeighbourhood).toBe(check.reduce((s, c) => s + c.assigned, 0))
    // The rule the intake uses for new reports gives the same answer: the boundary in 4326 holds the Leidseplein.
    const [leidse] = await db.query<{ code: string }>(`select code from neighbourhoods where ST_Intersects(boundary, ST_SetSRID(ST_MakePoint(4.8826, 52.3641), 4326))`)
    expect(leidse!.code).toBe('BU03639901')
  })

  it('detects WGS84 without a crs member, and a re-import replaces (and removes) neighbourhoods', async () => {
    const fc = fixture()
    delete fc.crs
    fc.features = fc.features.slice(0, 2)
    for (const f of fc.features) {
      const ring = (f.geometry.coordinates as number[][][])[0]!
      f.geometry.coordinates = [ring.map(([x, y]) => fromRd(x!, y!))]
      f.properties = { BU_CODE: f.properties.buurtcode, BU_NAAM: `${f.properties.buurtnaam} (WGS84)`, GM_CODE: 'GM0363' }
    }
    const result = await importNeighbourhoodFile(db, write('wgs84.geojson', fc), 'GM0363')
    expect(result).toMatchObject({ imported: 2, removed: 1, srid: 4326 })
    const rows = await db.query<{ code: string; name: string }>(`select code, name from neighbourhoods order by code`)
    expect(rows.map((r) => r.name)).toEqual(['Testbuurt Leidseplein (WGS84)', 'Testbuurt Rembrandtplein (WGS84)'])
    const [orphans] = await db.query<{ n: number }>(`select count(*)::int as n from reports where neighbourhood_code = 'BU03639903'`)
    expect(orphans!.n).toBe(0)
    // Back to the full fixture for the refusals below.
    await importNeighbourhoodFile(db, FIXTURE, 'GM0363')
  })

  it('refuses a file whose CRS is wrong: declared 4326 over RD coordinates, an unsupported CRS, or coordinates in neither', async () => {
    const says4326 = fixture()
    says4326.crs = { type: 'name', properties: { name: 'urn:ogc:def:crs:OGC:1.3:CRS84' } }
    await refused(write('says-4326.geojson', says4326), 'GM0363', /says EPSG:4326 but its coordinates/)

    const mercator = fixture()
    mercator.crs = { type: 'name', properties: { name: 'EPSG:3857' } }
    await refused(write('mercator.geojson', mercator), 'GM0363', /CRS \("EPSG:3857"\) is not supported/)

    const undeclared = fixture()
    delete undeclared.crs
    for (const f of undeclared.features) {
      const ring = (f.geometry.coordinates as number[][][])[0]!
      // Web Mercator metres around Amsterdam.
      f.geometry.coordinates = [ring.map(([x, y]) => [x! + 420_000, y! + 6_400_000])]
    }
    await refused(write('neither.geojson', undeclared), 'GM0363', /neither RD New \(EPSG:28992\) nor WGS84/)

    // Latitude and longitude swapped: fits no Dutch box.
    const swapped = fixture()
    delete swapped.crs
    for (const f of swapped.features) {
      const ring = (f.geometry.coordinates as number[][][])[0]!
      f.geometry.coordinates = [ring.map(([x, y]) => fromRd(x!, y!).reverse())]
    }
    await refused(write('swapped.geojson', swapped), 'GM0363', /neither RD New/)
  })

  it('refuses bad geometry: self-intersecting (ST_IsValid false), not polygonal, unreadable, or outside the municipality', async () => {
    const bowtie = fixture()
    bowtie.features[1]!.geometry.coordinates = [[[121250, 486250], [121950, 486950], [121950, 486250], [121250, 486950], [121250, 486250]]]
    await refused(write('bowtie.geojson', bowtie), 'GM0363', /BU03639902: invalid geometry \(Self-intersection/)

    const line = fixture()
    line.features[0]!.geometry = { type: 'LineString', coordinates: [[120300, 486000], [120950, 486700]] }
    await refused(write('line.geojson', line), 'GM0363', /BU03639901: geometry is LineString, not a Polygon or MultiPolygon/)

    const unreadable = fixture()
    unreadable.features[2]!.geometry.coordinates = [[[121400, 487650], [122300, 488350]]]
    await refused(write('unreadable.geojson', unreadable), 'GM0363', /BU03639903: invalid geometry \(a ring with fewer than 4 positions\)/)

    const open = fixture()
    open.features[2]!.geometry.coordinates = [[[121400, 487650], [122300, 487650], [122300, 488350], [121400, 488350]]]
    await refused(write('open.geojson', open), 'GM0363', /BU03639903: invalid geometry \(a ring that is not closed\)/)

    const elsewhere = fixture()
    elsewhere.features[0]!.geometry.coordinates = [[[136300, 455800], [136900, 455800], [136900, 456400], [136300, 456400], [136300, 455800]]]
    await refused(write('elsewhere.geojson', elsewhere), 'GM0363', /BU03639901: lies wholly outside municipality GM0363/)
  })

  it('refuses features of another municipality, by property or by code, and bad codes', async () => {
    const property = fixture()
    property.features[0]!.properties.gemeentecode = 'GM0344'
    await refused(write('property.geojson', property), 'GM0363', /BU03639901: belongs to municipality GM0344, not GM0363/)

    const code = fixture()
    for (const f of code.features) delete f.properties.gemeentecode
    code.features[2]!.properties.buurtcode = 'BU03449903'
    await refused(write('code.geojson', code), 'GM0363', /BU03449903: the code is of municipality GM0344, not GM0363/)

    // The whole file is right for GM0363, so importing it for Utrecht is refused too.
    await refused(FIXTURE, 'GM0344', /belongs to municipality GM0363, not GM0344/)

    const duplicate = fixture()
    duplicate.features[1]!.properties.buurtcode = 'BU03639901'
    await refused(write('duplicate.geojson', duplicate), 'GM0363', /BU03639901: appears more than once/)

    const nameless = fixture()
    delete nameless.features[0]!.properties.buurtcode
    await refused(write('nameless.geojson', nameless), 'GM0363', /feature 1: no neighbourhood code/)

    await refused(write('not-json.geojson', '{"type": "FeatureCollection", '), 'GM0363', /cannot read .* as JSON/)
    await refused(write('empty.geojson', { type: 'FeatureCollection', features: [] }), 'GM0363', /has no features/)
    await refused(FIXTURE, 'Amsterdam', /not a municipality code/)
  })

  it('`npm run import-neighbourhoods` prints the refusal and exits 1', () => {
    const mercator = fixture()
    mercator.crs = { type: 'name', properties: { name: 'EPSG:3857' } }
    const run = spawnSync('npm', ['run', '--silent', 'import-neighbourhoods', '--', '--municipality', 'GM0363', '--file', write('cli-mercator.geojson', mercator)], {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, DATA_DIR: join(dir, 'cli-data') },
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(run.status, run.stderr).toBe(1)
    expect(run.stderr).toContain('neighbourhood import refused, nothing was changed')
    expect(run.stderr).toContain('EPSG:3857')
    const usage = spawnSync('npm', ['run', '--silent', 'import-neighbourhoods', '--', '--municipality', 'GM0363'], {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, DATA_DIR: join(dir, 'cli-data') },
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(usage.status).toBe(2)
    expect(usage.stderr).toContain('usage: npm run import-neighbourhoods')
  }, 180_000)
})

describe('the back-fill after an import: batched, with progress, interrupted and resumed without double work', () => {
  it('stops between batches when aborted, keeps what it matched, and goes on from there', async () => {
    const [{ n: total }] = (await db.query<{ n: number }>(`select count(*)::int as n from reports where municipality_code = 'GM0363'`)) as [{ n: number }]
    expect(total).toBeGreaterThan(1000)
    await db.query(`update reports set neighbourhood_code = null`)

    const stop = new AbortController()
    const seen: BackfillProgress[] = []
    const interrupted = await importNeighbourhoodFile(db, FIXTURE, 'GM0363', {
      batchSize: 200,
      signal: stop.signal,
      onProgress: (p) => {
        seen.push(p)
        if (seen.length === 2) stop.abort()
      },
    }).then(() => null, (e: unknown) => e)
    expect((interrupted as Error).name).toBe('AbortError')
    expect(seen).toEqual([{ done: 200, total }, { done: 400, total }])
    const [job] = await db.query<{ done: number; finished: boolean }>(`select done, finished_at is not null as finished from neighbourhood_backfills where municipality_code = 'GM0363'`)
    expect(job).toEqual({ done: 400, finished: false })
    // Exactly the two batches were matched: the first 400 reports by id, none after them.
    const [matched] = await db.query<{ n: number }>(`select count(*)::int as n from reports where municipality_code = 'GM0363' and neighbourhood_code is not null`)
    const [inFirst] = await db.query<{ n: number }>(
      `select count(*)::int as n from (select neighbourhood_code from reports where municipality_code = 'GM0363' order by id limit 400) r where neighbourhood_code is not null`,
    )
    expect(matched!.n).toBe(inFirst!.n)
    expect(matched!.n).toBeGreaterThan(0)

    const resumed: BackfillProgress[] = []
    const end = await backfillNeighbourhoods(db, 'GM0363', { batchSize: 200, onProgress: (p) => resumed.push(p) })
    // Every report matched once: the count of matched rows adds up to the total, not more.
    expect(end).toEqual({ done: total, total })
    expect(resumed[0]).toEqual({ done: 600, total })
    expect(resumed.length).toBe(Math.ceil((total - 400 + 1) / 200))
    const check = await db.query<{ wrong: number }>(
      `select count(*)::int as wrong from reports r where r.municipality_code = 'GM0363' and r.neighbourhood_code is distinct from (
         select n.code from neighbourhoods n where n.municipality_code = r.municipality_code and ST_Intersects(n.boundary, r.location) order by n.code limit 1)`,
    )
    expect(check[0]!.wrong).toBe(0)
    // Finished: resuming again does nothing.
    expect(await backfillNeighbourhoods(db, 'GM0363', { onProgress: () => { throw new Error('no batch expected') } })).toEqual({ done: total, total })
  }, 180_000)

  it('resumes from the command line with a progress bar, and says when there is nothing to resume', async () => {
    await db.query(`update neighbourhood_backfills set after_id = null, done = 0, finished_at = null where municipality_code = 'GM0363'`)
    const run = spawnSync('npm', ['run', '--silent', 'import-neighbourhoods', '--', '--municipality', 'GM0363', '--resume', '--batch', '500'], {
      cwd: join(import.meta.dirname, '../..'),
      env: { ...process.env, DATA_DIR: join(dir, 'cli-data') },
      encoding: 'utf8',
      timeout: 120_000,
    })
    if (process.env.DATABASE_URL) {
      expect(run.status, run.stderr).toBe(0)
      expect(run.stderr).toMatch(/\[#+ *\] +\d+ %/)
      expect(run.stdout).toMatch(/neighbourhoods of GM0363: (\d+) of \1 reports matched/)
    } else {
      // The CLI opens its own embedded database (DATA_DIR), which has no import: nothing to resume.
      expect(run.status, run.stderr).toBe(1)
      expect(run.stdout).toContain('no neighbourhood import of GM0363 to resume')
    }
  }, 180_000)
})
