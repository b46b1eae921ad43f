// Staff reads: cell counts, time series and weekday × hour grids from the rollups; report lists and details from raw rows.
import type { Queryable } from './database.js'

/** What every staff view filters on. Days are local (Europe/Amsterdam) calendar days, both ends inclusive. */
export interface ReportFilter {
  municipality: string
  from: string
  to: string
  categories?: readonly string[]
  settings?: readonly string[]
  /** Local hours 0–23. */
  hours?: readonly number[]
  /** 0 = Sunday … 6 = Saturday. */
  weekdays?: readonly number[]
}

/** Collects `and …` conditions with numbered parameters. */
class Conditions {
  readonly params: unknown[] = []
  private readonly parts: string[] = []
  param(value: unknown): string {
    this.params.push(value)
    return `$${this.params.length}`
  }
  add(sql: string): void {
    this.parts.push(sql)
  }
  get sql(): string {
    return this.parts.join(' and ')
  }
}

interface Columns {
  day: string
  category: string
  setting?: string
  hour?: string
  /** A column, or an expression on the day when the table has none. */
  weekday: string
}

function filterConditions(f: ReportFilter, cols: Columns, c = new Conditions()): Conditions {
  c.add(`municipality_code = ${c.param(f.municipality)}`)
  c.add(`${cols.day} between ${c.param(f.from)}::date and ${c.param(f.to)}::date`)
  if (f.categories?.length) c.add(`${cols.category} = any(${c.param(f.categories)}::text[])`)
  if (f.settings?.length) {
    if (!cols.setting) throw new Error('this source has no setting column')
    c.add(`${cols.setting} = any(${c.param(f.settings)}::text[])`)
  }
  if (f.hours?.length) {
    if (!cols.hour) throw new Error('this source has no hour column')
    c.add(`${cols.hour} = any(${c.param(f.hours)}::int[])`)
  }
  if (f.weekdays?.length) c.add(`${cols.weekday} = any(${c.param(f.weekdays)}::int[])`)
  return c
}

export interface CellCount {
  i: number
  j: number
  n: number
}

export interface CellCounts {
  cells: CellCount[]
  /** Which rollups answered: the smallest that can. */
  source: 'rollup_cell_month' | 'rollup_cell_day' | 'rollup_cell_hour'
}

function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

/**
 * The whole calendar months inside [from, to] as [first month, first day after the last month), or null when there
 * are none. Days of the period outside that range come from a daily rollup.
 */
export function wholeMonths(from: string, to: string): { start: string; end: string } | null {
  const start = from.endsWith('-01') ? from : `${addDays(`${from.slice(0, 7)}-01`, 40).slice(0, 7)}-01`
  const end = `${addDays(to, 1).slice(0, 7)}-01`
  return start < end ? { start, end } : null
}

/**
 * Report counts per square RD cell of `cellSize` metres for the filter, from the smallest rollup that can answer:
 * rollup_cell_month (100 m × month) for a period and nothing else, with edge days from rollup_cell_day; rollup_cell_day
 * (100 m × day × category) for categories and weekdays; rollup_cell_hour (50 m × day × hour × category × setting) for
 * hours, settings and 250 m cells. Cells nest exactly: floor(floor(x / b) · b / s) = floor(x / s) when b divides s.
 */
export async function cellCounts(tx: Queryable, f: ReportFilter, cellSize: number): Promise<CellCounts> {
  if (!(Number.isInteger(cellSize) && cellSize > 0 && cellSize % 50 === 0)) throw new RangeError(`cell size must be a multiple of 50 m, got ${cellSize}`)
  const coarse = !f.hours?.length && !f.settings?.length && cellSize % 100 === 0
  const base = coarse ? 100 : 50
  const [cx, cy] = coarse ? ['cell_x', 'cell_y'] : ['cell50_x', 'cell50_y']
  const k = cellSize / base
  // Integer cell indices divide without a float round trip; floor division keeps negative indices right too.
  const [i, j] = k === 1 ? [cx, cy] : [`floor(${cx}::float8 / ${k})::int`, `floor(${cy}::float8 / ${k})::int`]
  const months = coarse && !f.categories?.length && !f.weekdays?.length ? wholeMonths(f.from, f.to) : null

  if (months) {
    const c = new Conditions()
    const m = c.param(f.municipality)
    const [start, end] = [c.param(months.start), c.param(months.end)]
    const [from, to] = [c.param(f.from), c.param(f.to)]
    const cells = await tx.query<CellCount>(
      `select ${i} as i, ${j} as j, sum(n)::int as n from (
         select cell_x, cell_y, n from rollup_cell_month
          where municipality_code = ${m} and month >= ${start}::date and month < ${end}::date
         union all
         select cell_x, cell_y, n from rollup_cell_day
          where municipality_code = ${m} and day between ${from}::date and ${to}::date and (day < ${start}::date or day >= ${end}::date)
       ) s group by 1, 2`,
      c.params,
    )
    return { cells, source: 'rollup_cell_month' }
  }

  const table = coarse ? 'rollup_cell_day' : 'rollup_cell_hour'
  const c = filterConditions(f, {
    day: 'day',
    category: 'category',
    setting: coarse ? undefined : 'setting',
    hour: coarse ? undefined : 'hour',
    weekday: 'extract(dow from day)::int',
  })
  const cells = await tx.query<CellCount>(`select ${i} as i, ${j} as j, sum(n)::int as n from ${table} where ${c.sql} group by 1, 2`, c.params)
  return { cells, source: table }
}

/** Reports per local day (days without reports are absent), from rollup_hour_day. */
export async function dailyCounts(tx: Queryable, f: ReportFilter): Promise<{ day: string; n: number }[]> {
  const c = filterConditions(f, { day: 'day', category: 'category', setting: 'setting', hour: 'hour', weekday: 'weekday' })
  return tx.query(`select day::text as day, sum(n)::int as n from rollup_hour_day where ${c.sql} group by day order by day`, c.params)
}

/** Reports per weekday (0 = Sunday) × local hour (cells without reports are absent), from rollup_hour_day. */
export async function weekdayHourCounts(tx: Queryable, f: ReportFilter): Promise<{ weekday: number; hour: number; n: number }[]> {
  const c = filterConditions(f, { day: 'day', category: 'category', setting: 'setting', hour: 'hour', weekday: 'weekday' })
  return tx.query(`select weekday::int, hour::int, sum(n)::int as n from rollup_hour_day where ${c.sql} group by 1, 2`, c.params)
}

export interface ReportListFilter extends ReportFilter {
  neighbourhood?: string
  /** One hotspot cell: its size in metres and RD column and row. */
  cell?: { size: number; i: number; j: number }
}

function reportConditions(f: ReportListFilter): Conditions {
  const c = filterConditions(f, { day: 'local_day', category: 'category', setting: 'setting', hour: 'local_hour', weekday: 'local_weekday' })
  if (f.neighbourhood) c.add(`neighbourhood_code = ${c.param(f.neighbourhood)}`)
  if (f.cell) {
    const { size, i, j } = f.cell
    if (size % 100 === 0) {
      // The report's own 100 m cell nests in the bigger one; no geometry needed.
      const k = size / 100
      c.add(`cell_x between ${c.param(i * k)} and ${c.param(i * k + k - 1)}`)
      c.add(`cell_y between ${c.param(j * k)} and ${c.param(j * k + k - 1)}`)
    } else {
      c.add(`floor(ST_X(ST_Transform(location, 28992)) / ${c.param(size)}) = ${c.param(i)}`)
      c.add(`floor(ST_Y(ST_Transform(location, 28992)) / ${c.param(size)}) = ${c.param(j)}`)
    }
  }
  return c
}

export interface ReportDetail {
  id: string
  receivedAt: Date
  occurredFrom: Date
  occurredTo: Date
  lon: number
  lat: number
  precision: string
  category: string
  setting: string
  role: string
  urgent: boolean
  ageBand: string | null
  gender: string | null
  groups: string[]
  description: string | null
  descriptionPurged: boolean
  heardVia: string | null
  campaignCode: string | null
  neighbourhoodCode: string | null
  status: string
}

interface ReportDbRow {
  id: string
  received_at: Date
  occurred_from: Date
  occurred_to: Date
  lon: number
  lat: number
  location_precision: string
  category: string
  setting: string
  reporter_role: string
  urgent: boolean
  age_band: string | null
  gender: string | null
  identity_groups: string[]
  description: string | null
  description_purged_at: Date | null
  heard_via: string | null
  campaign_code: string | null
  neighbourhood_code: string | null
  status: string
}

const REPORT_COLUMNS = `id, received_at, occurred_from, occurred_to, ST_X(location) as lon, ST_Y(location) as lat, location_precision,
  category, setting, reporter_role, urgent, age_band, gender, identity_groups, description, description_purged_at,
  heard_via, campaign_code, neighbourhood_code, status`

function toReport(r: ReportDbRow): ReportDetail {
  return {
    id: r.id,
    receivedAt: new Date(r.received_at),
    occurredFrom: new Date(r.occurred_from),
    occurredTo: new Date(r.occurred_to),
    lon: Number(r.lon),
    lat: Number(r.lat),
    precision: r.location_precision,
    category: r.category,
    setting: r.setting,
    role: r.reporter_role,
    urgent: r.urgent,
    ageBand: r.age_band,
    gender: r.gender,
    groups: r.identity_groups ?? [],
    description: r.description,
    descriptionPurged: r.description_purged_at !== null,
    heardVia: r.heard_via,
    campaignCode: r.campaign_code,
    neighbourhoodCode: r.neighbourhood_code,
    status: r.status,
  }
}

export interface ReportPage {
  items: ReportDetail[]
  total: number
  /** Opaque position after the last item; null on the last page. */
  next: { occurredFrom: Date; id: string } | null
}

/** Newest first by occurrence; keyset pagination, so a page is as fast deep in the list as at its start. */
export async function listReports(
  tx: Queryable,
  f: ReportListFilter,
  page: { limit: number; after?: { occurredFrom: Date; id: string } },
): Promise<ReportPage> {
  const counted = reportConditions(f)
  const [total] = await tx.query<{ n: number }>(`select count(*)::int as n from reports where ${counted.sql}`, counted.params)
  const c = reportConditions(f)
  if (page.after) c.add(`(occurred_from, id) < (${c.param(page.after.occurredFrom)}::timestamptz, ${c.param(page.after.id)}::uuid)`)
  const rows = await tx.query<ReportDbRow>(
    `select ${REPORT_COLUMNS} from reports where ${c.sql} order by occurred_from desc, id desc limit ${c.param(page.limit + 1)}`,
    c.params,
  )
  const items = rows.slice(0, page.limit).map(toReport)
  const last = items[items.length - 1]
  return { items, total: total?.n ?? 0, next: rows.length > page.limit && last ? { occurredFrom: last.occurredFrom, id: last.id } : null }
}

export interface ReportWithAdditions extends ReportDetail {
  additions: { id: string; at: Date; text: string | null; purged: boolean }[]
}

export async function getReport(tx: Queryable, municipality: string, id: string): Promise<ReportWithAdditions | null> {
  const [row] = await tx.query<ReportDbRow>(`select ${REPORT_COLUMNS} from reports where municipality_code = $1 and id = $2`, [municipality, id])
  if (!row) return null
  const additions = await tx.query<{ id: string; added_at: Date; text: string | null; text_purged_at: Date | null }>(
    `select id, added_at, text, text_purged_at from report_additions where municipality_code = $1 and report_id = $2 order by added_at, id`,
    [municipality, id],
  )
  return {
    ...toReport(row),
    additions: additions.map((a) => ({ id: a.id, at: new Date(a.added_at), text: a.text, purged: a.text_purged_at !== null })),
  }
}

export interface BreakdownRow {
  key: string
  n: number
}

/** Counts of a neighbourhood's reports per category, setting and weekday × hour, read from raw rows (rollups have no neighbourhood). */
export async function neighbourhoodBreakdown(
  tx: Queryable,
  f: ReportFilter,
  neighbourhood: string,
): Promise<{ total: number; byCategory: BreakdownRow[]; bySetting: BreakdownRow[]; weekdayHour: { weekday: number; hour: number; n: number }[] }> {
  const c = reportConditions({ ...f, neighbourhood })
  const byCategory = await tx.query<BreakdownRow>(`select category as key, count(*)::int as n from reports where ${c.sql} group by 1`, c.params)
  const bySetting = await tx.query<BreakdownRow>(`select setting as key, count(*)::int as n from reports where ${c.sql} group by 1`, c.params)
  const weekdayHour = await tx.query<{ weekday: number; hour: number; n: number }>(
    `select local_weekday::int as weekday, local_hour::int as hour, count(*)::int as n from reports where ${c.sql} group by 1, 2`,
    c.params,
  )
  return { total: byCategory.reduce((s, r) => s + r.n, 0), byCategory, bySetting, weekdayHour }
}
