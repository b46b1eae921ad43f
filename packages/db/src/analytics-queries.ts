// Staff reads: cell counts, time series and weekday × hour grids from the rollups; report lists and details from raw rows.
import { addDays, aoristicHours } from '@meldpunt/core'
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm'
import type { AnyPgColumn } from 'drizzle-orm/pg-core'
import type { Queryable } from './database.js'
import { reportAdditions, reports, rollupCellDay, rollupCellHour, rollupCellMonth, rollupHourDay, rollupHourWeight } from './schema.js'

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

/** The columns a filter reads, as the source table names them. */
interface Columns {
  municipality: AnyPgColumn
  day: AnyPgColumn
  category: AnyPgColumn
  setting?: AnyPgColumn
  hour?: AnyPgColumn
  /** A column, or an expression on the day when the table has none. */
  weekday: AnyPgColumn | SQL
}

function filterConditions(f: ReportFilter, cols: Columns): SQL[] {
  const conditions = [eq(cols.municipality, f.municipality), sql`${cols.day} between ${f.from}::date and ${f.to}::date`]
  if (f.categories?.length) conditions.push(sql`${cols.category} = any(${sql.param(f.categories)}::text[])`)
  if (f.settings?.length) {
    if (!cols.setting) throw new Error('this source has no setting column')
    conditions.push(sql`${cols.setting} = any(${sql.param(f.settings)}::text[])`)
  }
  if (f.hours?.length) {
    if (!cols.hour) throw new Error('this source has no hour column')
    conditions.push(sql`${cols.hour} = any(${sql.param(f.hours)}::int[])`)
  }
  if (f.weekdays?.length) conditions.push(sql`${cols.weekday} = any(${sql.param(f.weekdays)}::int[])`)
  return conditions
}

const dayOfWeek = (day: AnyPgColumn) => sql`extract(dow from ${day})::int`
const CELL_DAY: Columns = { municipality: rollupCellDay.municipalityCode, day: rollupCellDay.day, category: rollupCellDay.category, weekday: dayOfWeek(rollupCellDay.day) }
const CELL_HOUR: Columns = { municipality: rollupCellHour.municipalityCode, day: rollupCellHour.day, category: rollupCellHour.category,
  setting: rollupCellHour.setting, hour: rollupCellHour.hour, weekday: dayOfWeek(rollupCellHour.day) }
const HOUR_DAY: Columns = { municipality: rollupHourDay.municipalityCode, day: rollupHourDay.day, category: rollupHourDay.category,
  setting: rollupHourDay.setting, hour: rollupHourDay.hour, weekday: rollupHourDay.weekday }
const HOUR_WEIGHT: Columns = { municipality: rollupHourWeight.municipalityCode, day: rollupHourWeight.day, category: rollupHourWeight.category,
  setting: rollupHourWeight.setting, hour: rollupHourWeight.hour, weekday: rollupHourWeight.weekday }
const REPORTS: Columns = { municipality: reports.municipalityCode, day: reports.localDay, category: reports.category,
  setting: reports.setting, hour: reports.localHour, weekday: reports.localWeekday }

export interface CellCount {
  i: number
  j: number
  n: number
}

/**
 * The cell index the cell rollups count reports placed only to a 1 km square in (report-write.ts): (-1, -1) at
 * every cell size. Cell answers leave it out and report it as `leftOutCoarse` (docs/adr/0005).
 */
export const COARSE_CELL = -1

export interface CellCounts {
  cells: CellCount[]
  /** Reports of the filter placed only to a 1 km square: in no cell of `cells`. */
  leftOutCoarse: number
  /** Which rollups answered: the smallest that can. */
  source: 'rollup_cell_month' | 'rollup_cell_day' | 'rollup_cell_hour'
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
  const k = cellSize / base
  // Integer cell indices divide without a float round trip; floor division keeps negative indices right too.
  const scaled = (column: AnyPgColumn | SQL) => (k === 1 ? column : sql`floor(${column}::float8 / ${sql.raw(String(k))})::int`)
  const months = coarse && !f.categories?.length && !f.weekdays?.length ? wholeMonths(f.from, f.to) : null

  if (months) {
    const [i, j] = [scaled(sql.raw('cell_x')), scaled(sql.raw('cell_y'))]
    const cells = await tx.rows<CellCount>(sql`
      select ${i} as i, ${j} as j, sum(n)::int as n from (
        select cell_x, cell_y, n from ${rollupCellMonth}
         where municipality_code = ${f.municipality} and month >= ${months.start}::date and month < ${months.end}::date
        union all
        select cell_x, cell_y, n from ${rollupCellDay}
         where municipality_code = ${f.municipality} and day between ${f.from}::date and ${f.to}::date
           and (day < ${months.start}::date or day >= ${months.end}::date)
      ) s group by 1, 2`)
    return { ...withoutCoarse(cells), source: 'rollup_cell_month' }
  }

  const source = coarse
    ? { name: 'rollup_cell_day' as const, table: rollupCellDay, x: rollupCellDay.cellX, y: rollupCellDay.cellY, n: rollupCellDay.n, columns: CELL_DAY }
    : { name: 'rollup_cell_hour' as const, table: rollupCellHour, x: rollupCellHour.cell50X, y: rollupCellHour.cell50Y, n: rollupCellHour.n, columns: CELL_HOUR }
  const cells = await tx.rows<CellCount>(
    sql`select ${scaled(source.x)} as i, ${scaled(source.y)} as j, sum(${source.n})::int as n
        from ${source.table} where ${and(...filterConditions(f, source.columns))} group by 1, 2`,
  )
  return { ...withoutCoarse(cells), source: source.name }
}

function withoutCoarse(rows: CellCount[]): { cells: CellCount[]; leftOutCoarse: number } {
  const k = rows.findIndex((c) => c.i === COARSE_CELL && c.j === COARSE_CELL)
  if (k < 0) return { cells: rows, leftOutCoarse: 0 }
  const leftOutCoarse = rows[k]!.n
  rows.splice(k, 1)
  return { cells: rows, leftOutCoarse }
}

/** Reports per local day (days without reports are absent), from rollup_hour_day. */
export async function dailyCounts(tx: Queryable, f: ReportFilter): Promise<{ day: string; n: number }[]> {
  const t = rollupHourDay
  return tx.orm
    .select({ day: t.day, n: sql<number>`sum(${t.n})::int` })
    .from(t)
    .where(and(...filterConditions(f, HOUR_DAY)))
    .groupBy(t.day)
    .orderBy(t.day)
}

/**
 * Reports per weekday (0 = Sunday) × local hour (cells without reports are absent), aoristically weighted from
 * rollup_hour_weight: a report with a window adds 1/k to each of the k hours it touches, so `n` is fractional.
 * Hour and weekday filters select weight, not reports: a night-long window counts partly in "22-3".
 */
export async function weekdayHourCounts(tx: Queryable, f: ReportFilter): Promise<{ weekday: number; hour: number; n: number }[]> {
  const t = rollupHourWeight
  const rows = await tx.orm
    .select({ weekday: t.weekday, hour: t.hour, n: sql<number>`sum(${t.w})::float8` })
    .from(t)
    .where(and(...filterConditions(f, HOUR_WEIGHT)))
    .groupBy(t.weekday, t.hour)
  return rows.map((r) => ({ ...r, n: Number(r.n) }))
}

export interface ReportListFilter extends ReportFilter {
  neighbourhood?: string
  /** Who the offenders were: a report matches when its answer is one of these. */
  offenderCount?: readonly string[]
  offenderAge?: readonly string[]
  offenderKnown?: readonly string[]
  /** One hotspot cell: its size in metres and RD column and row. */
  cell?: { size: number; i: number; j: number }
}

function reportConditions(f: ReportListFilter): SQL[] {
  const t = reports
  const conditions = filterConditions(f, REPORTS)
  // Implied by the local-day rule (a report counts on the day of its window's middle, which is never before its
  // start): nothing that started after the period's last local day can count in it. Newest-first pages then begin
  // at the period's end in the occurrence index instead of walking down from the newest report.
  conditions.push(sql`${t.occurredFrom} < ((${f.to}::date + 1)::timestamp at time zone 'Europe/Amsterdam')`)
  if (f.neighbourhood) conditions.push(eq(t.neighbourhoodCode, f.neighbourhood))
  for (const [column, values] of [[t.offenderCount, f.offenderCount], [t.offenderAge, f.offenderAge], [t.offenderKnown, f.offenderKnown]] as const) {
    if (values?.length) conditions.push(sql`${column} = any(${sql.param(values)}::text[])`)
  }
  if (f.cell) {
    const { size, i, j } = f.cell
    // As in the cell rollups: a 1 km square's centre is a corner of this cell, not a place in it (docs/adr/0005).
    conditions.push(sql`${t.locationPrecision} <> 'area'`)
    // The stored 100 m cells the square overlaps (indexed); a size that does not nest in them is then checked exactly.
    const first = (k: number) => Math.floor((k * size) / 100)
    const last = (k: number) => Math.ceil(((k + 1) * size) / 100) - 1
    conditions.push(sql`${t.cellX} between ${first(i)} and ${last(i)}`, sql`${t.cellY} between ${first(j)} and ${last(j)}`)
    if (size % 100 !== 0) {
      conditions.push(
        sql`floor(ST_X(ST_Transform(${t.location}, 28992)) / ${size}) = ${i}`,
        sql`floor(ST_Y(ST_Transform(${t.location}, 28992)) / ${size}) = ${j}`,
      )
    }
  }
  return conditions
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
  offenders: { count: string | null; age: string | null; known: string | null }
}

/** A report as staff see it, selected straight into its wire names. */
const reportSelection = {
  id: reports.id,
  receivedAt: reports.receivedAt,
  occurredFrom: reports.occurredFrom,
  occurredTo: reports.occurredTo,
  lon: sql<number>`ST_X(${reports.location})`.mapWith(Number),
  lat: sql<number>`ST_Y(${reports.location})`.mapWith(Number),
  precision: reports.locationPrecision,
  category: reports.category,
  setting: reports.setting,
  role: reports.reporterRole,
  urgent: reports.urgent,
  ageBand: reports.ageBand,
  gender: reports.gender,
  groups: reports.identityGroups,
  description: reports.description,
  descriptionPurged: sql<boolean>`${reports.descriptionPurgedAt} is not null`,
  heardVia: reports.heardVia,
  campaignCode: reports.campaignCode,
  neighbourhoodCode: reports.neighbourhoodCode,
  status: reports.status,
  offenders: { count: reports.offenderCount, age: reports.offenderAge, known: reports.offenderKnown },
}

export interface ReportPage {
  items: ReportDetail[]
  total: number
  /** Opaque position after the last item; null on the last page. */
  next: { occurredFrom: Date; id: string } | null
}

/** The select of one page, newest first by occurrence (exported so query-plan tests can EXPLAIN exactly this). */
export function reportPageQuery(tx: Queryable, f: ReportListFilter, page: { limit: number; after?: { occurredFrom: Date; id: string } }) {
  const conditions = reportConditions(f)
  if (page.after) conditions.push(sql`(${reports.occurredFrom}, ${reports.id}) < (${page.after.occurredFrom.toISOString()}::timestamptz, ${page.after.id}::uuid)`)
  return tx.orm
    .select(reportSelection)
    .from(reports)
    .where(and(...conditions))
    .orderBy(desc(reports.occurredFrom), desc(reports.id))
    .limit(page.limit + 1)
}

/** Newest first by occurrence; keyset pagination, so a page is as fast deep in the list as at its start. */
export async function listReports(
  tx: Queryable,
  f: ReportListFilter,
  page: { limit: number; after?: { occurredFrom: Date; id: string } },
): Promise<ReportPage> {
  const [total] = await tx.orm.select({ n: sql<number>`count(*)::int` }).from(reports).where(and(...reportConditions(f)))
  const rows = await reportPageQuery(tx, f, page)
  const items = rows.slice(0, page.limit)
  const last = items[items.length - 1]
  return { items, total: total?.n ?? 0, next: rows.length > page.limit && last ? { occurredFrom: last.occurredFrom, id: last.id } : null }
}

export interface ReportWithAdditions extends ReportDetail {
  additions: { id: string; at: Date; text: string | null; purged: boolean }[]
}

export async function getReport(tx: Queryable, municipality: string, id: string): Promise<ReportWithAdditions | null> {
  const [row] = await tx.orm
    .select(reportSelection)
    .from(reports)
    .where(and(eq(reports.municipalityCode, municipality), eq(reports.id, id)))
  if (!row) return null
  const t = reportAdditions
  const additions = await tx.orm
    .select({ id: t.id, at: t.addedAt, text: t.text, purged: sql<boolean>`${t.textPurgedAt} is not null` })
    .from(t)
    .where(and(eq(t.municipalityCode, municipality), eq(t.reportId, id)))
    .orderBy(asc(t.addedAt), asc(t.id))
  return { ...row, additions }
}

export interface BreakdownRow {
  key: string
  n: number
}

/**
 * Counts of a neighbourhood's reports per category, setting and weekday × hour, read from raw rows (rollups have no
 * neighbourhood). Reports placed only to a 1 km square are left out and counted: their neighbourhood is that of the
 * square's centre, and a square spans several neighbourhoods (docs/adr/0005). The weekday × hour grid is aoristic.
 */
export async function neighbourhoodBreakdown(
  tx: Queryable,
  f: ReportFilter,
  neighbourhood: string,
): Promise<{
  total: number
  leftOutCoarse: number
  byCategory: BreakdownRow[]
  bySetting: BreakdownRow[]
  offenders: { count: BreakdownRow[]; age: BreakdownRow[]; known: BreakdownRow[] }
  weekdayHour: { weekday: number; hour: number; n: number }[]
}> {
  const conditions = reportConditions({ ...f, neighbourhood })
  const where = and(...conditions, sql`${reports.locationPrecision} <> 'area'`)
  const n = sql<number>`count(*)::int`
  const byCategory = await tx.orm.select({ key: reports.category, n }).from(reports).where(where).groupBy(reports.category)
  const bySetting = await tx.orm.select({ key: reports.setting, n }).from(reports).where(where).groupBy(reports.setting)
  const answered = (column: AnyPgColumn) =>
    tx.orm.select({ key: sql<string>`${column}`, n }).from(reports).where(and(where, sql`${column} is not null`)).groupBy(column)
  const offenders = { count: await answered(reports.offenderCount), age: await answered(reports.offenderAge), known: await answered(reports.offenderKnown) }
  const [coarse] = await tx.orm.select({ n }).from(reports).where(and(...conditions, sql`${reports.locationPrecision} = 'area'`))
  const windows = await tx.orm.select({ from: reports.occurredFrom, to: reports.occurredTo }).from(reports).where(where)
  const grid = new Map<number, { weekday: number; hour: number; n: number }>()
  for (const w of windows) {
    for (const a of aoristicHours(w.from, w.to)) {
      const key = a.weekday * 24 + a.hour
      const cell = grid.get(key)
      if (cell) cell.n += a.weight
      else grid.set(key, { weekday: a.weekday, hour: a.hour, n: a.weight })
    }
  }
  return { total: byCategory.reduce((s, r) => s + r.n, 0), leftOutCoarse: coarse?.n ?? 0, byCategory, bySetting, offenders, weekdayHour: [...grid.values()] }
}
