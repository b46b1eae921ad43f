// bench/staff-views: every staff GET route the dashboard calls, warm, over the 1,000,000-report municipality that
// bench/hotspots builds, against a plain `select count(*)` over the same municipality and year as the baseline.
// Usage: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx bench/staff-views/run.ts [--runs 10] [--import]
// Needs the database meldpunt_bench of bench/hotspots (it is built by running that once). The first run imports the
// test neighbourhoods there (again with --import) and times that import's back-fill of all 1 M reports. Last line: `ratio slowest-view/count: X`.
import { createDatabase, importNeighbourhoods, runMigrations, withTenant } from '@meldpunt/db'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildApp } from '../../apps/api/src/app.js'
import { testConfig } from '../../apps/api/src/config.js'
import { parseNeighbourhoodFile } from '../../apps/api/src/modules/neighbourhoods/neighbourhood-file.js'
import { arg, benchAccount, percentile } from '../shared.js'

const RUNS = Number(arg('--runs') ?? 10)
const MUNICIPALITY = 'GM0363'
const YEAR = { from: '2025-01-01', to: '2025-12-31' }

const admin = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres')
admin.pathname = '/meldpunt_bench'
const url = admin.toString()
// The server's default statement timeout (15 s): every view, and each batch of the back-fill, must fit inside it.
const db = await createDatabase({ url, poolSize: 4 })
await runMigrations(db)
const [{ n }] = (await db.query<{ n: number }>(`select count(*)::int as n from reports where municipality_code = $1`, [MUNICIPALITY])) as [{ n: number }]
if (n < 1_000_000) {
  console.error(`meldpunt_bench has ${n} reports in ${MUNICIPALITY}; build it first: npx tsx bench/hotspots/run.ts --runs 1`)
  process.exit(2)
}

// Neighbourhoods for the summary view, imported once; the import's batched back-fill of every report is timed.
const [{ nb }] = (await db.query<{ nb: number }>(
  `select count(*)::int as nb from neighbourhoods n where municipality_code = $1
     and exists (select 1 from neighbourhood_backfills b where b.municipality_code = n.municipality_code and b.finished_at is not null)`,
  [MUNICIPALITY],
)) as [{ nb: number }]
if (nb === 0 || process.argv.includes('--import')) {
  const parsed = parseNeighbourhoodFile(JSON.parse(readFileSync(join(import.meta.dirname, '../../tests/fixtures/buurten-amsterdam-test.geojson'), 'utf8')), MUNICIPALITY)
  const t0 = performance.now()
  let batches = 0
  await importNeighbourhoods(db, { municipality: MUNICIPALITY, srid: parsed.srid, features: parsed.features }, { onProgress: () => batches++ })
  console.log(`neighbourhood import with back-fill of ${n.toLocaleString('en')} reports: ${((performance.now() - t0) / 1000).toFixed(1)} s in ${batches} batches, each its own statement`)
  // The back-fill rewrote every report row; autovacuum (off on these machines) would now clean up and refresh the
  // visibility map, without which the count baseline reads every heap page.
  await db.exec('vacuum analyze reports')
}
const [{ code: neighbourhood }] = (await db.query<{ code: string }>(`select code from neighbourhoods where municipality_code = $1 order by code limit 1`, [MUNICIPALITY])) as [{ code: string }]

const config = testConfig({ DATABASE_URL: url, RATE_LIMIT_GLOBAL: 1_000_000, RATE_LIMIT_LOGIN: 1_000, MAX_EVENT_LOOP_DELAY_MS: 0, MAX_HEAP_USED_BYTES: 0, TILE_CACHE_SECONDS: 60 })
const app = await buildApp({ config, database: db })
await app.ready()
await benchAccount(db, { email: 'bench-views@example.nl', role: 'analyst', municipality: MUNICIPALITY, password: 'benchmark password 1' })
await benchAccount(db, { email: 'bench-national@example.nl', role: 'national', municipality: null, password: 'benchmark password 1' })
async function cookieOf(email: string): Promise<string> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/staff/login', payload: { email, password: 'benchmark password 1' } })
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`)
  return String(res.headers['set-cookie']).split(';')[0]!
}
const analyst = await cookieOf('bench-views@example.nl')
const national = await cookieOf('bench-national@example.nl')

async function get(url: string, cookie = analyst): Promise<string> {
  const res = await app.inject({ url, headers: { cookie, 'accept-encoding': 'identity' } })
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`)
  return res.body
}

const year = `from=${YEAR.from}&to=${YEAR.to}`
const filtered = `${year}&categories=groping,following&hours=22-3`
// A past page deep in the list: follow `next` ten pages into the year.
let deep = `/api/v1/staff/reports?${year}&limit=50`
for (let k = 0; k < 10; k++) deep = `/api/v1/staff/reports?${year}&limit=50&after=${encodeURIComponent((JSON.parse(await get(deep)) as { next: string }).next)}`
const hot = JSON.parse(await get(`/api/v1/staff/hotspots?${year}&cellSize=100`)) as { features: { id: string; properties: { bin: number } }[] }
const hottest100 = hot.features[0]!.id
const hot250 = (JSON.parse(await get(`/api/v1/staff/hotspots?${year}&cellSize=250`)) as { features: { id: string }[] }).features[0]!.id

// Tiles at z11–16 over the centre of Amsterdam (the hottest cell's surroundings).
function tileAt(lon: number, lat: number, z: number): string {
  const m = 2 ** z
  const r = (lat * Math.PI) / 180
  return `${z}/${Math.floor(((lon + 180) / 360) * m)}/${Math.floor(((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * m)}`
}

const views: [string, string, string?][] = [
  ['hotspots 100 m, year', `/api/v1/staff/hotspots?${year}&cellSize=100`],
  ['hotspots 250 m, year', `/api/v1/staff/hotspots?${year}&cellSize=250`],
  ['hotspots 500 m, year', `/api/v1/staff/hotspots?${year}&cellSize=500`],
  ['hotspots 100 m, filtered', `/api/v1/staff/hotspots?${filtered}&cellSize=100`],
  ['hotspots 250 m, filtered', `/api/v1/staff/hotspots?${filtered}&cellSize=250`],
  ...[11, 12, 13, 14, 15, 16].map((z): [string, string] => [`tile z${z}, 100 m`, `/api/v1/staff/tiles/${tileAt(4.8932, 52.3731, z)}.mvt?${year}&cellSize=100`]),
  ['time series by day', `/api/v1/staff/timeseries?${year}&interval=day`],
  ['time series by week, filtered', `/api/v1/staff/timeseries?${filtered}&interval=week`],
  ['weekday × hour', `/api/v1/staff/matrix?${year}`],
  ['report list, newest', `/api/v1/staff/reports?from=2025-12-01&to=2025-12-31&limit=50`],
  ['report list, past month', `/api/v1/staff/reports?from=2025-03-01&to=2025-03-31&limit=50`],
  ['report list, 11th page', deep],
  ['reports in a 100 m cell', `/api/v1/staff/reports?${year}&cell=${hottest100}&limit=50`],
  ['reports in a 250 m cell', `/api/v1/staff/reports?${year}&cell=${hot250}&limit=50`],
  ['neighbourhood summary', `/api/v1/staff/neighbourhoods/${neighbourhood}/summary?${year}`],
  ['effect of a period', `/api/v1/staff/effects/period?from=2025-09-01&to=2025-09-30`],
  ['national overview', `/api/v1/staff/national/overview`, national],
]

async function time(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now()
  await fn()
  return performance.now() - t0
}

const baseline = () => withTenant(db, MUNICIPALITY, (tx) => tx.query(`select count(*) from reports where municipality_code = $1 and local_day between $2 and $3`, [MUNICIPALITY, YEAR.from, YEAR.to]))
const results: { name: string; cold: number; p50: number; p95: number }[] = []
const base: number[] = []
for (const [name, path, cookie] of views) {
  const cold = await time(() => get(path, cookie))
  const ms: number[] = []
  // Warm runs interleaved with the baseline, so a burst of load elsewhere lands on both.
  for (let k = 0; k < RUNS; k++) {
    ms.push(await time(() => get(path, cookie)))
    base.push(await time(baseline))
  }
  ms.sort((a, b) => a - b)
  results.push({ name, cold, p50: percentile(ms, 0.5), p95: percentile(ms, 0.95) })
}
base.sort((a, b) => a - b)
const baseP95 = percentile(base, 0.95)

console.log(`bench/staff-views on ${n.toLocaleString('en')} reports in ${MUNICIPALITY}, ${RUNS} warm runs each (PostgreSQL)`)
console.log(`${'view'.padEnd(34)}${'cold ms'.padStart(10)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}`)
for (const r of results) console.log(`${r.name.padEnd(34)}${r.cold.toFixed(1).padStart(10)}${r.p50.toFixed(1).padStart(10)}${r.p95.toFixed(1).padStart(10)}`)
console.log(`${'baseline: select count(*), year'.padEnd(34)}${''.padStart(10)}${percentile(base, 0.5).toFixed(1).padStart(10)}${baseP95.toFixed(1).padStart(10)}`)
const slowest = results.reduce((a, b) => (b.p95 > a.p95 ? b : a))
console.log(`slowest view: ${slowest.name} (p95 ${slowest.p95.toFixed(1)} ms)`)
await app.close()
await db.close()
console.log(`ratio slowest-view/count: ${(slowest.p95 / baseP95).toFixed(1)}`)
