// Reads and writes behind frozen publication: the reports a quarter's figures count, and the frozen figures themselves.
import type { Queryable } from './database.js'

export interface PublicationRow {
  /** Local day the report counts on in staff views (middle of its window). */
  day: string
  receivedAt: Date
  /** 100 m RD New cell indices. */
  cellX: number
  cellY: number
  category: string
}

/**
 * The reports that may count in a quarter: those occurring in it, and those received in it (a late report enters the
 * quarter it was received in). Which of them count, and on what day, is the caller's rule; this only narrows the rows.
 */
export async function publicationRows(
  tx: Queryable,
  municipality: string,
  days: { from: string; to: string },
  received: { from: Date; to: Date },
): Promise<PublicationRow[]> {
  const rows = await tx.query<{ day: string; received_at: Date | string; cell_x: number; cell_y: number; category: string }>(
    `select local_day::text as day, received_at, cell_x, cell_y, category from reports
     where municipality_code = $1
       and (local_day between $2::date and $3::date or (received_at >= $4::timestamptz and received_at < $5::timestamptz))`,
    [municipality, days.from, days.to, received.from.toISOString(), received.to.toISOString()],
  )
  return rows.map((r) => ({ day: r.day, receivedAt: new Date(r.received_at), cellX: r.cell_x, cellY: r.cell_y, category: r.category }))
}

/** The frozen figures of one municipality and quarter, or null when they were never asked for. Run as the tenant. */
export async function readPublishedQuarter<T>(tx: Queryable, municipality: string, period: string): Promise<T | null> {
  const [row] = await tx.query<{ figures: T }>(`select figures from published_quarters where municipality_code = $1 and period = $2`, [municipality, period])
  return row?.figures ?? null
}

/**
 * Stores a quarter's figures unless another request froze them first, and returns the ones that are stored: two
 * first looks at the same moment both get the one version that stays.
 */
export async function freezePublishedQuarter<T>(tx: Queryable, municipality: string, period: string, figures: T): Promise<T> {
  await tx.query(
    `insert into published_quarters (municipality_code, period, figures) values ($1, $2, $3::jsonb) on conflict (municipality_code, period) do nothing`,
    [municipality, period, JSON.stringify(figures)],
  )
  const stored = await readPublishedQuarter<T>(tx, municipality, period)
  if (stored === null) throw new Error(`published quarter ${period} of ${municipality} is neither stored nor visible`)
  return stored
}

/** Every municipality's frozen figures of a quarter. Run it inside withNationalAggregates. */
export async function publishedQuartersOf<T>(tx: Queryable, period: string): Promise<Map<string, T>> {
  const rows = await tx.query<{ code: string; figures: T }>(`select municipality_code as code, figures from published_quarters where period = $1`, [period])
  return new Map(rows.map((r) => [r.code, r.figures]))
}

/**
 * Municipalities that may have reports counting in a quarter: a report is backdated at most 366 days, so one received
 * in the quarter occurred at most that long before it. Read from the rollup the national role may see.
 */
export async function municipalitiesWithReportsSince(tx: Queryable, from: string, to: string): Promise<string[]> {
  const rows = await tx.query<{ code: string }>(
    `select distinct municipality_code as code from rollup_hour_day where day between ($1::date - 366) and $2::date order by 1`,
    [from, to],
  )
  return rows.map((r) => r.code)
}
