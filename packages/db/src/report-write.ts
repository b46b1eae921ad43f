// The one write path for reports: prepare a report in the application, then write it, its receipt and every rollup
// in one statement. Intake, demo data, bulk imports and tests all go through here.
import { fromRd, toRd } from '@meldpunt/analytics'
import { aoristicHours, localTimeParts, PRECISION_SNAP_METRES, representativeTime, type AoristicHour } from '@meldpunt/core'
import { eq, sql } from 'drizzle-orm'
import type { Queryable } from './database.js'
import { MunicipalityIndex } from './municipality-index.js'
import { idempotencyKeys } from './schema.js'
import { COARSE_CELL } from './analytics-queries.js'

/** What a reporter told us, plus the ids we gave it. */
export interface ReportFields {
  id: string
  occurredFrom: Date
  occurredTo: Date
  lon: number
  lat: number
  precision: keyof typeof PRECISION_SNAP_METRES
  category: string
  setting: string
  role: string
  urgent: boolean
  ageBand?: string
  gender?: string
  groups: string[]
  description?: string
  heardVia?: string
  campaignCode?: string
  /** Who did it, as far as the reporter saw: each optional. */
  offenders?: { count?: string; age?: string; known?: string }
  receiptHash: Uint8Array
}

export interface ReportRow extends ReportFields {
  /** Received time; defaults to now() in the database (demo data and imports set it). */
  receivedAt?: Date
}

/** A report with everything derived in the application: routed, coarsened, binned and dated. */
export interface PreparedReport extends ReportRow {
  municipalityCode: string
  /** 100 m and 50 m RD New cell indices of the stored point (lon/lat: the stored point, possibly coarsened). */
  cellX: number
  cellY: number
  cell50X: number
  cell50Y: number
  /** Local day (YYYY-MM-DD), hour and weekday (0 = Sunday) the report is counted at. */
  day: string
  hour: number
  weekday: number
  /** The local hours its time window touches, each with its share of the report's weight of 1 (aoristic). */
  hours: AoristicHour[]
}

/**
 * Everything the database needs, derived here rather than in SQL: the stored (possibly coarsened) point, its
 * 100 m and 50 m RD New cells (proj4, the same transform the hotspot grid uses) and the local day and hour.
 */
export function prepareReport(municipalityCode: string, report: ReportRow): PreparedReport {
  const snap = PRECISION_SNAP_METRES[report.precision]
  let [x, y] = toRd(report.lon, report.lat)
  let stored: [number, number] = [report.lon, report.lat]
  if (snap > 0) {
    x = (Math.floor(x / snap) + 0.5) * snap
    y = (Math.floor(y / snap) + 0.5) * snap
    stored = fromRd(x, y)
  }
  const t = localTimeParts(representativeTime(report.occurredFrom, report.occurredTo))
  return {
    ...report,
    municipalityCode,
    lon: stored[0],
    lat: stored[1],
    cellX: Math.floor(x / 100),
    cellY: Math.floor(y / 100),
    cell50X: Math.floor(x / 50),
    cell50Y: Math.floor(y / 50),
    day: t.day,
    hour: t.hour,
    weekday: t.weekday,
    hours: aoristicHours(report.occurredFrom, report.occurredTo),
  }
}

/**
 * The cell a report is counted in by the cell rollups. A report placed only to a 1 km square ('area') is counted in
 * the cell (-1, -1), far outside the Netherlands in RD New and the same cell at every size (floor(-1 / k) = -1): its
 * stored point, the square's centre, is a corner of four cells at every offered size, so cell answers leave it out and
 * say how many (COARSE_CELL in analytics-queries; docs/adr/0005). Totals over a rollup still count every report.
 */
function placedCell(x: string, y: string) {
  return sql.raw(`(select case when w.precision = 'area' then ${COARSE_CELL} else ${x} end as x, case when w.precision = 'area' then ${COARSE_CELL} else ${y} end as y)`)
}

/** Rollup and cap counters are split over this many rows per key, so a burst does not queue on one row lock. */
export const COUNTER_SHARDS = 8

/** The intake's extras: the idempotency key with its stored answer, and the hourly cap. */
export interface IntakeGuard {
  keyHash: string
  fingerprint: string
  response: { status: number; sealedBody: string }
  hourlyCap?: number
  /** The proof-of-work challenge the report was filed with: recorded as spent by this statement (migrations/0110). */
  pow?: { nonce: string; expiresAt: Date }
}

interface WriteRow {
  locked: boolean
  inserted: number
  capped: boolean
  fingerprint: string | null
  response_status: number | null
  response_body: string | null
  pow_used: boolean
}

/** One JSON record per report, named as the statement's `v` columns. */
function record(r: PreparedReport) {
  return {
    municipality_code: r.municipalityCode,
    id: r.id,
    received_at: r.receivedAt,
    occurred_from: r.occurredFrom,
    occurred_to: r.occurredTo,
    lon: r.lon,
    lat: r.lat,
    precision: r.precision,
    category: r.category,
    setting: r.setting,
    role: r.role,
    urgent: r.urgent,
    age_band: r.ageBand,
    gender: r.gender,
    groups: r.groups,
    description: r.description,
    heard_via: r.heardVia,
    campaign_code: r.campaignCode,
    cell_x: r.cellX,
    cell_y: r.cellY,
    cell50_x: r.cell50X,
    cell50_y: r.cell50Y,
    day: r.day,
    hour: r.hour,
    weekday: r.weekday,
    receipt_hash: Buffer.from(r.receiptHash).toString('hex'),
    offender_count: r.offenders?.count,
    offender_age: r.offenders?.age,
    offender_known: r.offenders?.known,
    spread: r.hours.map((h) => ({ day: h.day, hour: h.hour, weekday: h.weekday, w: h.weight })),
  }
}

/**
 * Text as a parameter would reach PostgreSQL: a lone UTF-16 surrogate (which JSON escapes as \ud800, and
 * PostgreSQL's JSON parser refuses) becomes U+FFFD, as node's UTF-8 encoding of a plain parameter makes it.
 */
function wellFormed(_key: string, value: unknown): unknown {
  return typeof value === 'string' && /[\ud800-\udfff]/.test(value) ? Buffer.from(value, 'utf8').toString('utf8') : value
}

/*
 * In autocommit one statement is one transaction: the advisory lock is held until it commits, the key row,
 * reports, receipts, rollups and cap counter are written together or not at all, and there is one round trip.
 * With a key, every insert hangs off `k` (the key row actually inserted): if the lock is taken elsewhere, the key
 * already exists, the cap is reached, or a concurrent statement inserted the key first (on conflict), nothing is
 * written. The cap is read from the committed counters, so concurrent statements can pass it by at most the pool
 * size. Without a key (demo data, imports, tests) there is no lock, replay or cap, and many reports go at once.
 */
function writeStatement(reports: readonly PreparedReport[], shard: number, guard?: IntakeGuard) {
  return sql`
with s as (
  select ${guard?.keyHash ?? null}::text as key, ${guard?.fingerprint ?? null}::text as fingerprint,
         ${guard?.response.status ?? null}::int as status, ${guard?.response.sealedBody ?? null}::text as body,
         ${guard?.hourlyCap ?? null}::int as cap, ${shard}::smallint as shard,
         ${guard?.pow?.nonce ?? null}::text as nonce, ${guard?.pow?.expiresAt.toISOString() ?? null}::timestamptz as pow_expires
), v as (
  select * from json_to_recordset(${JSON.stringify(reports.map(record), wellFormed)}::json) as t(
    municipality_code text, id uuid, received_at timestamptz, occurred_from timestamptz, occurred_to timestamptz,
    lon float8, lat float8, precision text, category text, setting text, role text, urgent boolean, age_band text,
    gender text, groups text[], description text, heard_via text, campaign_code text, cell_x int, cell_y int,
    cell50_x int, cell50_y int, day date, hour smallint, weekday smallint, receipt_hash text, spread json,
    offender_count text, offender_age text, offender_known text)
), lk as (
  select s.key is null or pg_try_advisory_xact_lock(hashtextextended(s.key, 0)) as ok from s
), prior as (
  select fingerprint, response_status, response_body from idempotency_keys where key = (select key from s)
), cap as (
  select coalesce(sum(n), 0)::int as n from intake_hourly
  where (select cap from s) is not null and municipality_code = (select municipality_code from v limit 1) and hour = date_trunc('hour', now())
), sp as (
  -- A challenge spent by a committed report, on any instance: refused unless this is a retry of that report (prior).
  select 1 from pow_spent where nonce = (select nonce from s)
), go as (
  select 1 from lk, cap, s where lk.ok and not exists (select 1 from prior) and (s.cap is null or cap.n < s.cap) and not exists (select 1 from sp)
), ps as (
  -- Spent exactly when the report commits; a concurrent statement spending it first leaves this empty (on conflict).
  insert into pow_spent (nonce, key_hash, expires_at)
  select s.nonce, s.key, s.pow_expires from go, s where s.nonce is not null
  on conflict (nonce) do nothing
  returning nonce
), k as (
  insert into idempotency_keys (key, fingerprint, municipality_code, response_status, response_body)
  select s.key, s.fingerprint, (select municipality_code from v limit 1), s.status, s.body from go, s
  where s.key is not null and (s.nonce is null or exists (select 1 from ps))
  on conflict (key) do nothing
  returning key
), gate as (
  select 1 from k union all select 1 from go, s where s.key is null
), ins as (
  insert into reports (municipality_code, id, received_at, occurred_from, occurred_to, location, location_precision,
    category, setting, reporter_role, urgent, age_band, gender, identity_groups, description, heard_via, campaign_code,
    neighbourhood_code, cell_x, cell_y, local_day, local_hour, local_weekday, offender_count, offender_age, offender_known)
  select v.municipality_code, v.id, coalesce(v.received_at, now()), v.occurred_from, v.occurred_to, pt.g, v.precision,
    v.category, v.setting, v.role, v.urgent, v.age_band, v.gender, coalesce(v.groups, '{}'), v.description, v.heard_via, v.campaign_code,
    -- From the stored point: a coarsened report must not be placed more precisely through its neighbourhood.
    (select n.code from neighbourhoods n where n.municipality_code = v.municipality_code and ST_Intersects(n.boundary, pt.g) order by n.code limit 1),
    v.cell_x, v.cell_y, v.day, v.hour, v.weekday, v.offender_count, v.offender_age, v.offender_known
  from v cross join lateral (select ST_SetSRID(ST_MakePoint(v.lon, v.lat), 4326) as g) pt
  where exists (select 1 from gate)
  returning id
), w as (
  -- Every report of v is inserted or the statement fails: ins is empty only when the gate was closed.
  select v.* from v where exists (select 1 from ins)
), rc as (
  insert into receipts (receipt_hash, municipality_code, report_id) select decode(w.receipt_hash, 'hex'), w.municipality_code, w.id from w
), r1 as (
  insert into rollup_cell_day as r (municipality_code, day, cell_x, cell_y, category, shard, n)
  select w.municipality_code, w.day, c.x, c.y, w.category, s.shard, count(*) from w cross join lateral ${placedCell('w.cell_x', 'w.cell_y')} c, s group by 1, 2, 3, 4, 5, 6
  on conflict (municipality_code, day, cell_x, cell_y, category, shard) do update set n = r.n + excluded.n
), r2 as (
  insert into rollup_hour_day as r (municipality_code, day, hour, weekday, category, setting, shard, n)
  select w.municipality_code, w.day, w.hour, w.weekday, w.category, w.setting, s.shard, count(*) from w, s group by 1, 2, 3, 4, 5, 6, 7
  on conflict (municipality_code, day, hour, category, setting, shard) do update set n = r.n + excluded.n
), r3 as (
  -- 50 m cells nest in every offered hotspot cell size, including 250 m.
  insert into rollup_cell_hour as r (municipality_code, day, cell50_x, cell50_y, hour, category, setting, shard, n)
  select w.municipality_code, w.day, c.x, c.y, w.hour, w.category, w.setting, s.shard, count(*) from w cross join lateral ${placedCell('w.cell50_x', 'w.cell50_y')} c, s group by 1, 2, 3, 4, 5, 6, 7, 8
  on conflict (municipality_code, day, cell50_x, cell50_y, hour, category, setting, shard) do update set n = r.n + excluded.n
), r4 as (
  insert into rollup_cell_month as r (municipality_code, month, cell_x, cell_y, shard, n)
  select w.municipality_code, date_trunc('month', w.day)::date, c.x, c.y, s.shard, count(*) from w cross join lateral ${placedCell('w.cell_x', 'w.cell_y')} c, s group by 1, 2, 3, 4, 5
  on conflict (municipality_code, month, cell_x, cell_y, shard) do update set n = r.n + excluded.n
), r5 as (
  -- Aoristic weights for the weekday × hour grid: each report's 1 spread over the hours of its window.
  insert into rollup_hour_weight as r (municipality_code, day, hour, weekday, category, setting, shard, w)
  select w.municipality_code, a.day, a.hour, a.weekday, w.category, w.setting, s.shard, sum(a.w)
  from w cross join lateral json_to_recordset(w.spread) as a(day date, hour smallint, weekday smallint, w float8), s
  group by 1, 2, 3, 4, 5, 6, 7
  on conflict (municipality_code, day, hour, category, setting, shard) do update set w = r.w + excluded.w
), hc as (
  insert into intake_hourly as c (municipality_code, hour, shard, n)
  select w.municipality_code, date_trunc('hour', now()), s.shard, count(*) from w, s where s.cap is not null group by 1, 2, 3
  on conflict (municipality_code, hour, shard) do update set n = c.n + excluded.n
)
select (select ok from lk) as locked, (select count(*) from ins)::int as inserted,
       (s.cap is not null and (select n from cap) >= s.cap) as capped,
       p.fingerprint, p.response_status, p.response_body,
       (s.nonce is not null and (select ok from lk) and p.fingerprint is null
         and (exists (select 1 from sp) or (exists (select 1 from go) and not exists (select 1 from ps)))) as pow_used
from s left join prior p on true`
}

/** Planning the statement costs about as much as running it: it is prepared once per connection. */
const STATEMENT_NAME = 'meldpunt_report_write'

async function write(db: Queryable, reports: readonly PreparedReport[], shard: number, guard?: IntakeGuard): Promise<WriteRow> {
  const [row] = await db.rows<WriteRow>(writeStatement(reports, shard, guard), { name: STATEMENT_NAME })
  if (!row) throw new Error('the report statement returned no row')
  return row
}

export type StatementOutcome =
  | { kind: 'created' }
  | { kind: 'in-flight' }
  | { kind: 'prior'; fingerprint: string; status: number; body: string }
  | { kind: 'capped' }
  | { kind: 'raced' }
  | { kind: 'pow-used' }

/** Intake: one report, exactly once per key, within the hourly cap. */
export async function runIntakeStatement(
  db: Queryable,
  args: IntakeGuard & {
    report: PreparedReport
    /** 0 … COUNTER_SHARDS − 1; random per report. */
    shard: number
  },
): Promise<StatementOutcome> {
  const row = await write(db, [args.report], args.shard, args)
  if (!row.locked) return { kind: 'in-flight' }
  if (row.fingerprint !== null) return { kind: 'prior', fingerprint: row.fingerprint, status: row.response_status ?? 201, body: row.response_body ?? '' }
  if (row.pow_used) return { kind: 'pow-used' }
  if (row.inserted === 1) return { kind: 'created' }
  if (row.capped) return { kind: 'capped' }
  return { kind: 'raced' }
}

/** The stored answer for a key, after a concurrent statement won the race to insert it. */
export async function findStoredResponse(db: Queryable, keyHash: string): Promise<{ fingerprint: string; status: number; body: string } | null> {
  const [row] = await db.orm
    .select({ fingerprint: idempotencyKeys.fingerprint, status: idempotencyKeys.responseStatus, body: idempotencyKeys.responseBody })
    .from(idempotencyKeys)
    .where(eq(idempotencyKeys.key, keyHash))
  return row ?? null
}

/** One report of a known municipality, with its receipt and rollups, on the intake's statement without its key. */
export async function insertReport(db: Queryable, municipalityCode: string, report: ReportRow): Promise<void> {
  await write(db, [prepareReport(municipalityCode, report)], 0)
}

/**
 * Many reports, each routed to the municipality containing it as intake routes (points outside every municipality
 * are skipped), written in chunks through the same statement. Returns how many were stored.
 */
export async function insertReportsBulk(db: Queryable, rows: readonly ReportRow[], chunkSize = 2000): Promise<number> {
  const index = await MunicipalityIndex.load(db)
  const prepared: PreparedReport[] = []
  for (const r of rows) {
    const hit = await index.find(r.lon, r.lat)
    if (hit) prepared.push(prepareReport(hit.code, r))
  }
  let stored = 0
  for (let start = 0; start < prepared.length; start += chunkSize) stored += (await write(db, prepared.slice(start, start + chunkSize), 0)).inserted
  return stored
}
