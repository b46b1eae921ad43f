// Report rows for tests and imports (insertReport), local-time and coarsening rules, and reading receipts back.
import type { Database, Queryable } from './database.js'

/** What a reporter told us, plus the ids we gave it: shared by report rows and prepared intake writes. */
export interface ReportFields {
  id: string
  occurredFrom: Date
  occurredTo: Date
  lon: number
  lat: number
  precision: 'exact' | 'approximate' | 'area'
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
  receiptHash: Uint8Array
}

export interface ReportRow extends ReportFields {
  /** Received time; defaults to now() in the database (demo data sets it). */
  receivedAt?: Date
}

/** Coarsening grid (metres, RD New) per precision: people who do not want to say exactly get a cell centre. */
export const PRECISION_SNAP_METRES = { exact: 0, approximate: 250, area: 1000 } as const

const TIME_ZONE = 'Europe/Amsterdam'
const localParts = new Intl.DateTimeFormat('en-CA', {
  timeZone: TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
})
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']

export interface LocalTimeParts {
  day: string
  hour: number
  weekday: number
}

function formatLocalParts(at: Date): LocalTimeParts {
  const parts = Object.fromEntries(localParts.formatToParts(at).map((p) => [p.type, p.value]))
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour), weekday: WEEKDAYS.indexOf(parts.weekday ?? '') }
}

const HOUR_MS = 3_600_000
const CACHED_HOURS = 20_000
const partsByUtcHour = new Map<number, Readonly<LocalTimeParts>>()

/**
 * Local (Amsterdam) day, hour and weekday (0 = Sunday) of an instant. Since 1970 Amsterdam's offset from UTC has
 * been a whole number of hours, so every instant of one UTC hour has the same local parts: they are formatted once
 * per hour and remembered (formatToParts was a tenth of the API's own work per report).
 */
export function localTimeParts(at: Date): LocalTimeParts {
  const ms = at.getTime()
  if (!(ms >= 0)) return formatLocalParts(at)
  const hour = Math.floor(ms / HOUR_MS)
  let parts = partsByUtcHour.get(hour)
  if (parts === undefined) {
    if (partsByUtcHour.size >= CACHED_HOURS) partsByUtcHour.clear()
    parts = Object.freeze(formatLocalParts(new Date(hour * HOUR_MS)))
    partsByUtcHour.set(hour, parts)
  }
  return { ...parts }
}

/** The instant a report is counted at: the middle of its time range. */
export function representativeTime(from: Date, to: Date): Date {
  return new Date(from.getTime() + (to.getTime() - from.getTime()) / 2)
}

const INSERT_REPORT_SQL = `
with p as (
  select ST_SetSRID(ST_MakePoint($3, $4), 4326) as wgs,
         ST_Transform(ST_SetSRID(ST_MakePoint($3, $4), 4326), 28992) as rd,
         $5::float8 as snap
), g as (
  select case when snap > 0
           then ST_Transform(ST_SetSRID(ST_MakePoint((floor(ST_X(rd) / snap) + 0.5) * snap, (floor(ST_Y(rd) / snap) + 0.5) * snap), 28992), 4326)
           else wgs end as stored,
         wgs, rd
  from p
), s as (
  select stored, wgs, ST_Transform(stored, 28992) as srd from g
), c as (
  -- 100 m cells for reports and rollup_cell_day; 50 m cells (which nest in every offered size) for rollup_cell_hour.
  select stored, wgs, floor(ST_X(srd) / 100)::int as cx, floor(ST_Y(srd) / 100)::int as cy,
         floor(ST_X(srd) / 50)::int as cx50, floor(ST_Y(srd) / 50)::int as cy50 from s
), nb as (
  select n.code from neighbourhoods n, c
  where n.municipality_code = $1 and ST_Intersects(n.boundary, c.wgs)
  order by n.code limit 1
), ins as (
  insert into reports (municipality_code, id, received_at, occurred_from, occurred_to, location, location_precision,
    category, setting, reporter_role, urgent, age_band, gender, identity_groups, description, heard_via, campaign_code,
    neighbourhood_code, cell_x, cell_y, local_day, local_hour, local_weekday)
  select $1, $2, coalesce($22::timestamptz, now()), $6, $7, c.stored, $8, $9, $10, $11, $12, $13, $14, $15::text[], $16, $17, $18,
    (select code from nb), c.cx, c.cy, $19::date, $20, $21
  from c
  returning municipality_code, id, cell_x, cell_y, local_day, local_hour, local_weekday, category, setting
), rc as (
  insert into receipts (receipt_hash, municipality_code, report_id) select $23, municipality_code, id from ins
), r1 as (
  insert into rollup_cell_day as r (municipality_code, day, cell_x, cell_y, category, n)
  select municipality_code, local_day, cell_x, cell_y, category, 1 from ins
  on conflict (municipality_code, day, cell_x, cell_y, category, shard) do update set n = r.n + 1
), r2 as (
  insert into rollup_hour_day as r (municipality_code, day, hour, weekday, category, setting, n)
  select municipality_code, local_day, local_hour, local_weekday, category, setting, 1 from ins
  on conflict (municipality_code, day, hour, category, setting, shard) do update set n = r.n + 1
), r3 as (
  insert into rollup_cell_hour as r (municipality_code, day, cell50_x, cell50_y, hour, category, setting, n)
  select ins.municipality_code, ins.local_day, c.cx50, c.cy50, ins.local_hour, ins.category, ins.setting, 1 from ins, c
  on conflict (municipality_code, day, cell50_x, cell50_y, hour, category, setting, shard) do update set n = r.n + 1
), r4 as (
  insert into rollup_cell_month as r (municipality_code, month, cell_x, cell_y, n)
  select municipality_code, date_trunc('month', local_day)::date, cell_x, cell_y, 1 from ins
  on conflict (municipality_code, month, cell_x, cell_y, shard) do update set n = r.n + 1
)
select id from ins`

/** Inserts one report with its receipt and rollups inside an open transaction (intake and demo data share it). */
export async function insertReport(tx: Queryable, municipalityCode: string, r: ReportRow): Promise<void> {
  const t = localTimeParts(representativeTime(r.occurredFrom, r.occurredTo))
  await tx.query(INSERT_REPORT_SQL, [
    municipalityCode,
    r.id,
    r.lon,
    r.lat,
    PRECISION_SNAP_METRES[r.precision],
    r.occurredFrom,
    r.occurredTo,
    r.precision,
    r.category,
    r.setting,
    r.role,
    r.urgent,
    r.ageBand ?? null,
    r.gender ?? null,
    r.groups,
    r.description ?? null,
    r.heardVia ?? null,
    r.campaignCode ?? null,
    t.day,
    t.hour,
    t.weekday,
    r.receivedAt ?? null,
    r.receiptHash,
  ])
}

export interface ReceiptView {
  municipalityCode: string
  municipalityName: string
  reportId: string
  status: string
  receivedAt: Date
  additions: { at: Date; text: string | null }[]
}

export async function findByReceipt(db: Queryable, receiptHash: Uint8Array): Promise<ReceiptView | null> {
  const [row] = await db.query<{ municipality_code: string; municipality_name: string; report_id: string; status: string; received_at: Date }>(
    `select r.municipality_code, m.name as municipality_name, r.id as report_id, r.status, r.received_at
     from receipts k
     join reports r on r.municipality_code = k.municipality_code and r.id = k.report_id
     join municipalities m on m.code = r.municipality_code
     where k.receipt_hash = $1`,
    [receiptHash],
  )
  if (!row) return null
  const additions = await db.query<{ added_at: Date; text: string | null }>(
    `select added_at, text from report_additions where municipality_code = $1 and report_id = $2 order by added_at, id`,
    [row.municipality_code, row.report_id],
  )
  return {
    municipalityCode: row.municipality_code,
    municipalityName: row.municipality_name,
    reportId: row.report_id,
    status: row.status,
    receivedAt: new Date(row.received_at),
    additions: additions.map((a) => ({ at: new Date(a.added_at), text: a.text })),
  }
}

/** Adds text to the report a receipt belongs to; false when the receipt is unknown. */
export async function addToReceipt(db: Queryable, receiptHash: Uint8Array, id: string, text: string): Promise<{ addedAt: Date } | null> {
  const rows = await db.query<{ added_at: Date }>(
    `insert into report_additions (municipality_code, report_id, id, text)
     select municipality_code, report_id, $2, $3 from receipts where receipt_hash = $1
     returning added_at`,
    [receiptHash, id, text],
  )
  const row = rows[0]
  return row ? { addedAt: new Date(row.added_at) } : null
}
