// bench/hotspots: the hotspot endpoint (rollups) against the naive path (ST_SnapToGrid over raw reports, then Gi* in TS),
// and the MVT tile endpoint against a direct ST_AsMVT on raw points, over 1,000,000 reports in one municipality.
// Usage: [DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres] npx tsx bench/hotspots/run.ts [--runs 20] [--reports 1000000] [--reuse]
// Creates (or with --reuse keeps) the database meldpunt_bench on that server. The last line is `ratio naive/hotspots: <n>`.
import { createDatabase, loadMunicipalities, runMigrations, withTenant, type Database } from '@meldpunt/db'
import pg from 'pg'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildApp } from '../../apps/api/src/app.js'
import { testConfig } from '../../apps/api/src/config.js'
import { seededRandom } from '../../apps/api/src/demo/generate.js'
import { BoundaryGridCache, cellFeatureJson, hotspotsFromCounts, visibleCells } from '../../apps/api/src/modules/hotspots/service.js'
import { arg, benchAccount, freshDatabase, percentile } from '../shared.js'

const RUNS = Number(arg('--runs') ?? 20)
const REPORTS = Number(arg('--reports') ?? 1_000_000)
const REUSE = process.argv.includes('--reuse')
const MUNICIPALITY = 'GM0363'
const FROM = '2025-01-01'
const TO = '2025-12-31'
const CELL = 100
const BAND = 150
const DB_NAME = 'meldpunt_bench'

async function databaseUrl(): Promise<string> {
  const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
  const u = new URL(admin)
  u.pathname = `/${DB_NAME}`
  if (REUSE) {
    const probe = new pg.Client({ connectionString: u.toString() })
    try {
      await probe.connect()
      const { rows } = await probe.query(`select count(*)::int as n from reports where municipality_code = $1`, [MUNICIPALITY])
      if (rows[0]?.n === REPORTS) return u.toString()
    } catch {
      // No such database or no reports table yet: build it below.
    } finally {
      await probe.end().catch(() => {})
    }
  }
  return freshDatabase(DB_NAME)
}

/**
 * A year of synthetic reports in Amsterdam straight from generate_series: 45 % around 40 hotspots (σ 60–160 m, mostly at
 * night), the rest scattered over a 6 km disc. Derived columns use the same expressions as the intake, and the rollups
 * are then built by grouping, which is what the intake's per-report upserts add up to.
 */
async function generate(db: Database): Promise<void> {
  const rand = seededRandom(20251)
  const hx: number[] = []
  const hy: number[] = []
  const hs: number[] = []
  for (let k = 0; k < 40; k++) {
    const r = 4500 * Math.sqrt(rand())
    const a = rand() * 2 * Math.PI
    hx.push(121_500 + r * Math.cos(a))
    hy.push(487_000 + r * Math.sin(a))
    hs.push(60 + rand() * 100)
  }
  const categories = ['catcalling', 'catcalling', 'catcalling', 'sexual-comments', 'sexual-comments', 'insults', 'discriminatory-remarks', 'staring-gestures', 'following', 'groping', 'filming', 'blocking', 'other']
  const settings = ['street', 'street', 'street', 'street', 'public-transport', 'public-transport', 'park', 'shop', 'school', 'nightlife', 'other']
  const nightHours = [20, 21, 21, 22, 22, 22, 23, 23, 23, 0, 0, 0, 1, 1, 2, 2, 3]
  const dayHours = [7, 8, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 17, 18, 18, 19, 20, 21, 22, 23]
  await db.query(`select setseed(0.20251)`)
  const chunk = 200_000
  for (let start = 1; start <= REPORTS; start += chunk) {
    const end = Math.min(REPORTS, start + chunk - 1)
    await db.query(
      `with g as (
         select n, random() as uk, random() as uh, random() as u2, random() as u3, random() as ud, random() as uhr, random() as um,
                random() as uc, random() as us
         from generate_series($1::int, $2::int) n
       ), p as (
         select g.*, uk < 0.45 as hot, 1 + floor(uh * array_length($3::float8[], 1))::int as h,
                sqrt(-2 * ln(1 - u2)) as gr, 2 * pi() * u3 as ga
         from g
       ), xy as (
         select p.*,
                case when hot then ($3::float8[])[h] + ($5::float8[])[h] * gr * cos(ga) else 121500 + 6000 * sqrt(u2) * cos(ga) end as x,
                case when hot then ($4::float8[])[h] + ($5::float8[])[h] * gr * sin(ga) else 487000 + 6000 * sqrt(u2) * sin(ga) end as y,
                case when hot then ($8::int[])[1 + floor(uhr * array_length($8::int[], 1))::int]
                     else ($9::int[])[1 + floor(uhr * array_length($9::int[], 1))::int] end as hr
         from p
       ), t as (
         select xy.*, ST_Transform(ST_SetSRID(ST_MakePoint(x, y), 28992), 4326) as loc,
                (timestamp '2025-01-01 00:00' + make_interval(days => floor(ud * 365)::int, hours => hr, mins => floor(um * 60)::int))
                  at time zone 'Europe/Amsterdam' as occurred
         from xy
       )
       insert into reports (municipality_code, id, received_at, occurred_from, occurred_to, location, location_precision, category, setting,
         reporter_role, urgent, cell_x, cell_y, local_day, local_hour, local_weekday)
       select $10, gen_random_uuid(), occurred + interval '1 hour', occurred, occurred, loc, 'exact',
              ($6::text[])[1 + floor(uc * array_length($6::text[], 1))::int],
              case when hot and us < 0.7 then 'nightlife' else ($7::text[])[1 + floor(us * array_length($7::text[], 1))::int] end,
              'victim', false,
              floor(ST_X(ST_Transform(loc, 28992)) / 100)::int, floor(ST_Y(ST_Transform(loc, 28992)) / 100)::int,
              (occurred at time zone 'Europe/Amsterdam')::date,
              extract(hour from occurred at time zone 'Europe/Amsterdam')::int,
              extract(dow from occurred at time zone 'Europe/Amsterdam')::int
       from t
       -- The bench year only: a night hour on 31 December would spill into the next year.
       where (occurred at time zone 'Europe/Amsterdam')::date <= '2025-12-31'`,
      [start, end, hx, hy, hs, categories, settings, nightHours, dayHours, MUNICIPALITY],
    )
    process.stdout.write(`  inserted ${end.toLocaleString('en')} / ${REPORTS.toLocaleString('en')}\r`)
  }
  // Top up what the year-end filter dropped, so the count is exact.
  const [{ n }] = (await db.query<{ n: number }>(`select count(*)::int as n from reports`)) as [{ n: number }]
  if (n < REPORTS) {
    await db.query(
      `insert into reports (municipality_code, id, received_at, occurred_from, occurred_to, location, location_precision, category, setting,
         reporter_role, urgent, cell_x, cell_y, local_day, local_hour, local_weekday)
       select municipality_code, gen_random_uuid(), received_at, occurred_from, occurred_to, location, location_precision, category, setting,
              reporter_role, urgent, cell_x, cell_y, local_day, local_hour, local_weekday
       from reports limit $1`,
      [REPORTS - n],
    )
  }
  process.stdout.write('\n  building rollups\n')
  await db.query(`insert into rollup_cell_day (municipality_code, day, cell_x, cell_y, category, n)
    select municipality_code, local_day, cell_x, cell_y, category, count(*) from reports group by 1, 2, 3, 4, 5`)
  await db.query(`insert into rollup_hour_day (municipality_code, day, hour, weekday, category, setting, n)
    select municipality_code, local_day, local_hour, min(local_weekday), category, setting, count(*) from reports group by 1, 2, 3, 5, 6`)
  await db.query(`insert into rollup_cell_hour (municipality_code, day, cell50_x, cell50_y, hour, category, setting, n)
    select municipality_code, local_day, floor(ST_X(ST_Transform(location, 28992)) / 50)::int, floor(ST_Y(ST_Transform(location, 28992)) / 50)::int,
           local_hour, category, setting, count(*) from reports group by 1, 2, 3, 4, 5, 6, 7`)
  await db.query(`insert into rollup_cell_month (municipality_code, month, cell_x, cell_y, n)
    select municipality_code, date_trunc('month', local_day)::date, cell_x, cell_y, count(*) from reports group by 1, 2, 3, 4`)
  // The aoristic weights behind /staff/matrix: the migration's own backfill, the spread the write path adds.
  const migration = readFileSync(join(import.meta.dirname, '../../migrations/0130_aoristic_and_coarse.sql'), 'utf8')
  const weights = migration.indexOf('insert into rollup_hour_weight')
  await db.query(migration.slice(weights, migration.indexOf(';', weights)))
  await db.exec('vacuum analyze')
}

/**
 * Times several paths run by run, in turn (a, b, c, a, b, c, …), so a burst of load from elsewhere on the machine
 * lands on all of them alike instead of on whichever happened to be measured then.
 */
async function interleaved(runs: number, fns: (() => Promise<unknown>)[]): Promise<{ p50: number; p95: number }[]> {
  for (let k = 0; k < 3; k++) for (const fn of fns) await fn()
  const ms = fns.map(() => [] as number[])
  for (let k = 0; k < runs; k++) {
    for (const [f, fn] of fns.entries()) {
      const t0 = performance.now()
      await fn()
      ms[f]!.push(performance.now() - t0)
    }
  }
  return ms.map((m) => {
    m.sort((a, b) => a - b)
    return { p50: percentile(m, 0.5), p95: percentile(m, 0.95) }
  })
}

function tileAt(lon: number, lat: number, z: number): [number, number] {
  const n = 2 ** z
  const r = (lat * Math.PI) / 180
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * n)]
}

const url = await databaseUrl()
const db = await createDatabase({ url, poolSize: 4, statementTimeoutMs: 600_000 })
await runMigrations(db)
await loadMunicipalities(db)
const [{ n: existing }] = (await db.query<{ n: number }>(`select count(*)::int as n from reports`)) as [{ n: number }]
if (existing !== REPORTS) {
  console.log(`generating ${REPORTS.toLocaleString('en')} reports in ${DB_NAME} (once; --reuse keeps them for the next run)`)
  const t0 = performance.now()
  await generate(db)
  console.log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
}
const sizes = (await db.query<{ t: string; n: number }>(
  `select 'reports' as t, count(*)::int as n from reports union all select 'rollup_cell_month', count(*)::int from rollup_cell_month
   union all select 'rollup_cell_day', count(*)::int from rollup_cell_day
   union all select 'rollup_cell_hour', count(*)::int from rollup_cell_hour union all select 'rollup_hour_day', count(*)::int from rollup_hour_day`,
)).map((r) => `${r.t} ${r.n.toLocaleString('en')}`)
const [version] = await db.query<{ v: string }>(`select current_setting('server_version') as v`)

// The app exactly as deployed, on this database; pressure sampling is relaxed so a timing loop is never shed.
const config = testConfig({ DATABASE_URL: url, RATE_LIMIT_GLOBAL: 1_000_000, RATE_LIMIT_LOGIN: 1_000, MAX_EVENT_LOOP_DELAY_MS: 600_000, PRESSURE_SAMPLE_INTERVAL_MS: 3_600_000, TILE_CACHE_SECONDS: 0 })
const app = await buildApp({ config, database: db })
await app.ready()
await benchAccount(db, { email: 'bench@example.nl', role: 'analyst', municipality: MUNICIPALITY, password: 'benchmark password 1' })
const login = await app.inject({ method: 'POST', url: '/api/v1/staff/login', payload: { email: 'bench@example.nl', password: 'benchmark password 1' } })
const cookie = String(login.headers['set-cookie']).split(';')[0]!

let reportsInYear = 0
const hotspotsRun = async (): Promise<void> => {
  const res = await app.inject({ url: `/api/v1/staff/hotspots?from=${FROM}&to=${TO}&cellSize=${CELL}`, headers: { cookie } })
  if (res.statusCode !== 200) throw new Error(`hotspots: ${res.statusCode} ${res.body.slice(0, 300)}`)
  // The count sits in the head of the answer; parsing 4 MB here would charge the client's work to the endpoint.
  reportsInYear = Number(/"reports":(\d+)/.exec(res.body.slice(0, 400))?.[1])
}
const filteredRun = (query: string) => async (): Promise<void> => {
  const res = await app.inject({ url: `/api/v1/staff/hotspots?from=${FROM}&to=${TO}&cellSize=${CELL}&${query}`, headers: { cookie } })
  if (res.statusCode !== 200) throw new Error(`hotspots: ${res.statusCode}`)
}

// The naive path: snap every raw report of the year to the grid in SQL, then the same Gi*, FDR and GeoJSON in TypeScript.
// It gets the same cached boundary grid, so the difference is the read alone.
const grids = new BoundaryGridCache()
let naiveReports = 0
const naiveRun = async (): Promise<void> => {
  const body = await withTenant(db, MUNICIPALITY, async (tx) => {
    const rows = await tx.query<{ x: number; y: number; n: number }>(
      `select ST_X(g) as x, ST_Y(g) as y, count(*)::int as n
         from (select ST_SnapToGrid(ST_Transform(location, 28992), ${CELL / 2}, ${CELL / 2}, ${CELL}, ${CELL}) as g
                 from reports where municipality_code = $1 and local_day between $2 and $3) s
        group by g`,
      [MUNICIPALITY, FROM, TO],
    )
    const grid = await grids.municipality(tx, MUNICIPALITY, CELL)
    const counts = rows.map((r) => ({ i: Math.floor(r.x / CELL), j: Math.floor(r.y / CELL), n: r.n }))
    const result = hotspotsFromCounts(grid, counts, { distanceBand: BAND, minimum: 30 })
    if (result.status !== 'ok') throw new Error('naive: insufficient data')
    naiveReports = result.reports
    return `{"type":"FeatureCollection","features":[${visibleCells(result, 'significant-or-occupied').map((c) => cellFeatureJson(grids, c, CELL)).join(',')}]}`
  })
  if (body.length < 100) throw new Error('naive: empty')
}
type Timing = { p50: number; p95: number }
const [hotspots, naive] = (await interleaved(RUNS, [hotspotsRun, naiveRun])) as [Timing, Timing]
if (naiveReports !== reportsInYear) throw new Error(`the two paths disagree: ${naiveReports} vs ${reportsInYear} reports`)
const [hotspotsCategory, hotspotsNight] = (await interleaved(RUNS, [filteredRun('categories=groping,following'), filteredRun('hours=22-3&settings=nightlife')])) as [
  Timing,
  Timing,
]

// Tiles: the busiest hotspot's z14 tile.
const [busiest] = await db.query<{ lon: number; lat: number }>(
  `select ST_X(c) as lon, ST_Y(c) as lat from (select ST_Transform(ST_SetSRID(ST_MakePoint(cell_x * 100 + 50, cell_y * 100 + 50), 28992), 4326) as c
     from rollup_cell_day group by cell_x, cell_y order by sum(n) desc limit 1) s`,
)
const [tx, ty] = tileAt(busiest!.lon, busiest!.lat, 14)
const tileUrl = `/api/v1/staff/tiles/14/${tx}/${ty}.mvt?from=${FROM}&to=${TO}&cellSize=${CELL}`
let tileBytes = 0
const tileColdRun = async (): Promise<void> => {
  const res = await app.inject({ url: tileUrl, headers: { cookie } })
  if (res.statusCode !== 200) throw new Error(`tile: ${res.statusCode}`)
  tileBytes = res.rawPayload.length
}
const warmApp = await buildApp({ config: { ...config, TILE_CACHE_SECONDS: 3600 }, database: db })
await warmApp.ready()
const tileWarmRun = async (): Promise<void> => {
  const res = await warmApp.inject({ url: tileUrl, headers: { cookie } })
  if (res.statusCode !== 200) throw new Error(`tile: ${res.statusCode}`)
}
let mvtBytes = 0
const asMvtRun = async (): Promise<void> => {
  const [row] = await db.query<{ mvt: Buffer }>(
    `with b as (select ST_TileEnvelope(14, $2, $3) as env)
     select ST_AsMVT(q, 'reports', 4096, 'geom') as mvt
       from (select ST_AsMVTGeom(ST_Transform(r.location, 3857), b.env, 4096, 64, true) as geom, r.category
               from reports r, b
              where r.municipality_code = $1 and r.local_day between $4 and $5
                and r.location && ST_Transform(b.env, 4326)) q`,
    [MUNICIPALITY, tx, ty, FROM, TO],
  )
  mvtBytes = row?.mvt.length ?? 0
}
const [tileCold, tileWarm, asMvt] = (await interleaved(RUNS, [tileColdRun, tileWarmRun, asMvtRun])) as [Timing, Timing, Timing]

const grid = await withTenant(db, MUNICIPALITY, (t) => grids.municipality(t, MUNICIPALITY, CELL))
const row = (name: string, r: { p50: number; p95: number }, note = ''): string =>
  `${name.padEnd(62)}${r.p50.toFixed(1).padStart(9)}${r.p95.toFixed(1).padStart(9)}  ${note}`
console.log('')
console.log(`bench/hotspots on PostgreSQL ${version!.v}: ${sizes.join(', ')}`)
console.log(`one year (${FROM}..${TO}), ${reportsInYear.toLocaleString('en')} reports in ${MUNICIPALITY}, ${CELL} m cells (${grid.i.length.toLocaleString('en')} inside the boundary), band ${BAND} m, ${RUNS} runs each after 3 warm-ups, compared paths interleaved run by run`)
console.log(`${'path'.padEnd(62)}${'p50 ms'.padStart(9)}${'p95 ms'.padStart(9)}`)
console.log(row('GET /hotspots (rollup_cell_month)', hotspots))
console.log(row('naive: ST_SnapToGrid over reports + Gi* in TS', naive))
console.log(row('GET /hotspots?categories=groping,following (rollup_cell_day)', hotspotsCategory))
console.log(row('GET /hotspots?hours=22-3&settings=nightlife (rollup_cell_hour)', hotspotsNight))
console.log(row(`GET /tiles/14/${tx}/${ty}.mvt, layer computed per request`, tileCold, `${tileBytes} bytes`))
console.log(row(`GET /tiles/14/${tx}/${ty}.mvt, layer cached (TILE_CACHE_SECONDS)`, tileWarm))
console.log(row('ST_AsMVT on raw points, same tile and year', asMvt, `${mvtBytes} bytes`))
console.log(`ratio ST_AsMVT/tile endpoint p50: computed ${(asMvt.p50 / tileCold.p50).toFixed(2)}, cached ${(asMvt.p50 / tileWarm.p50).toFixed(2)}`)
await warmApp.close()
await app.close()
await db.close()
console.log(`ratio naive/hotspots: ${(naive.p50 / hotspots.p50).toFixed(1)}`)
