// bench/aoristic: the weekday × hour grid from rollup_hour_weight (aoristic weights, issue 13) against the grid it
// replaced (whole reports at the middle of their window, rollup_hour_day), and against spreading raw reports at query
// time. One municipality, a year, mixed time windows.
// Usage: [DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres] npx tsx bench/aoristic/run.ts [--runs 20] [--reports 1000000] [--database name]
// Creates (drops first) the database meldpunt_bench_aoristic, or --database, on that server. The last line is `ratio aoristic/midpoint: <n>`.
import { createDatabase, loadMunicipalities, runMigrations, weekdayHourCounts, withTenant, type ReportFilter } from '@meldpunt/db'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { arg, freshDatabase, percentile } from '../shared.js'

const RUNS = Number(arg('--runs') ?? 20)
const REPORTS = Number(arg('--reports') ?? 1_000_000)
const MUNICIPALITY = 'GM0363'
const filter: ReportFilter = { municipality: MUNICIPALITY, from: '2025-01-01', to: '2025-12-31' }

const url = await freshDatabase(arg('--database') ?? 'meldpunt_bench_aoristic')
const db = await createDatabase({ url, poolSize: 2, statementTimeoutMs: 1_200_000 })
await runMigrations(db)
await loadMunicipalities(db)

console.log(`generating ${REPORTS.toLocaleString('en')} reports`)
let t0 = performance.now()
await db.query(`select setseed(0.13)`)
// Windows as the resident app sends them: 50 % a moment, 30 % half an hour, 12 % "earlier today" (up to 14 h),
// 8 % "that evening" of another day (6 h).
await db.query(
  `insert into reports (municipality_code, id, received_at, occurred_from, occurred_to, location, location_precision, category, setting,
     reporter_role, urgent, cell_x, cell_y, local_day, local_hour, local_weekday)
   select $2, gen_random_uuid(), t.f + interval '1 day', t.f, t.f + t.w, ST_SetSRID(ST_MakePoint(4.9, 52.37), 4326),
          case when t.ua < 0.1 then 'area' else 'exact' end,
          (array['catcalling', 'sexual-comments', 'insults', 'following', 'groping', 'other'])[1 + floor(t.uc * 6)::int],
          (array['street', 'public-transport', 'park', 'shop', 'nightlife', 'other'])[1 + floor(t.us * 6)::int],
          'victim', false, 1215, 4870,
          ((t.f + t.w / 2) at time zone 'Europe/Amsterdam')::date,
          extract(hour from (t.f + t.w / 2) at time zone 'Europe/Amsterdam')::int,
          extract(dow from (t.f + t.w / 2) at time zone 'Europe/Amsterdam')::int
   from (
     select timestamptz '2025-01-01 00:00+01' + make_interval(days => floor(random() * 358)::int, hours => floor(random() * 24)::int,
              mins => floor(random() * 60)::int) as f,
            case when u < 0.5 then interval '0' when u < 0.8 then interval '30 minutes'
                 when u < 0.92 then make_interval(hours => 1 + floor(random() * 14)::int) else interval '6 hours' end as w,
            random() as ua, random() as uc, random() as us
     from (select random() as u from generate_series(1, $1::int)) g
   ) t`,
  [REPORTS, MUNICIPALITY],
)
await db.query(`insert into rollup_hour_day (municipality_code, day, hour, weekday, category, setting, n)
  select municipality_code, local_day, local_hour, min(local_weekday), category, setting, count(*) from reports group by 1, 2, 3, 5, 6`)
// The migration's own backfill: the same spread the write path adds report by report.
const migration = readFileSync(join(import.meta.dirname, '../../migrations/0130_aoristic_and_coarse.sql'), 'utf8')
const start = migration.indexOf('insert into rollup_hour_weight')
await db.query(migration.slice(start, migration.indexOf(';', start)))
await db.exec('vacuum analyze')
console.log(`  done in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
const sizes = await db.query<{ t: string; n: number }>(
  `select 'reports' as t, count(*)::int as n from reports union all select 'rollup_hour_day', count(*)::int from rollup_hour_day
   union all select 'rollup_hour_weight', count(*)::int from rollup_hour_weight`,
)

const midpoint = () =>
  withTenant(db, MUNICIPALITY, (tx) =>
    tx.query(`select weekday, hour, sum(n)::int as n from rollup_hour_day where municipality_code = $1 and day between $2 and $3 group by 1, 2`,
      [MUNICIPALITY, filter.from, filter.to]))
const aoristic = () => withTenant(db, MUNICIPALITY, (tx) => weekdayHourCounts(tx, filter))
const fromRaw = () =>
  withTenant(db, MUNICIPALITY, (tx) =>
    tx.query(
      `select extract(dow from h at time zone 'Europe/Amsterdam')::int as weekday, extract(hour from h at time zone 'Europe/Amsterdam')::int as hour,
              sum(1.0 / k)::float8 as n
       from (select occurred_from, greatest(1, ceil(extract(epoch from occurred_to) / 3600) - floor(extract(epoch from occurred_from) / 3600))::int as k
             from reports where municipality_code = $1 and local_day between $2 and $3) r
       cross join lateral generate_series(to_timestamp(floor(extract(epoch from r.occurred_from) / 3600) * 3600),
                                          to_timestamp((floor(extract(epoch from r.occurred_from) / 3600) + r.k - 1) * 3600), interval '1 hour') h
       group by 1, 2`,
      [MUNICIPALITY, filter.from, filter.to]))

// Interleaved run by run, so load from elsewhere on the machine lands on every path alike.
const fns = [midpoint, aoristic, fromRaw]
for (const fn of fns) await fn()
const ms = fns.map(() => [] as number[])
for (let k = 0; k < RUNS; k++) {
  for (const [i, fn] of fns.entries()) {
    t0 = performance.now()
    await fn()
    ms[i]!.push(performance.now() - t0)
  }
}
const p50 = ms.map((m) => percentile(m.sort((a, b) => a - b), 0.5))
console.log(sizes.map((r) => `${r.t} ${r.n.toLocaleString('en')}`).join(', '))
console.log(`p50 ms over ${RUNS} runs: midpoint grid ${p50[0]!.toFixed(1)}, aoristic grid ${p50[1]!.toFixed(1)}, aoristic from raw rows ${p50[2]!.toFixed(1)}`)
console.log(`ratio raw/aoristic: ${(p50[2]! / p50[1]!).toFixed(1)}`)
console.log(`ratio aoristic/midpoint: ${(p50[1]! / p50[0]!).toFixed(2)}`)
await db.close()
