// Reads and writes behind frozen publication: the reports a quarter's figures count, and the frozen figures themselves.
import { and, between, eq, gte, lt, or, sql } from 'drizzle-orm'
import type { Queryable } from './database.js'
import { publishedQuarters, reports, rollupHourDay } from './schema.js'

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
  const r = reports
  return tx.orm
    .select({ day: r.localDay, receivedAt: r.receivedAt, cellX: r.cellX, cellY: r.cellY, category: r.category })
    .from(r)
    .where(and(eq(r.municipalityCode, municipality), or(between(r.localDay, days.from, days.to), and(gte(r.receivedAt, received.from), lt(r.receivedAt, received.to)))))
}

/** The frozen figures of one municipality and quarter, or null when they were never asked for. Run as the tenant. */
export async function readPublishedQuarter<T>(tx: Queryable, municipality: string, period: string): Promise<T | null> {
  const p = publishedQuarters
  const [row] = await tx.orm.select({ figures: p.figures }).from(p).where(and(eq(p.municipalityCode, municipality), eq(p.period, period)))
  return row ? (row.figures as T) : null
}

/**
 * Stores a quarter's figures unless another request froze them first, and returns the ones that are stored: two
 * first looks at the same moment both get the one version that stays.
 */
export async function freezePublishedQuarter<T>(tx: Queryable, municipality: string, period: string, figures: T): Promise<T> {
  await tx.orm.insert(publishedQuarters).values({ municipalityCode: municipality, period, figures }).onConflictDoNothing()
  const stored = await readPublishedQuarter<T>(tx, municipality, period)
  if (stored === null) throw new Error(`published quarter ${period} of ${municipality} is neither stored nor visible`)
  return stored
}

/** Every municipality's frozen figures of a quarter. Run it inside withNationalAggregates. */
export async function publishedQuartersOf<T>(tx: Queryable, period: string): Promise<Map<string, T>> {
  const p = publishedQuarters
  const rows = await tx.orm.select({ code: p.municipalityCode, figures: p.figures }).from(p).where(eq(p.period, period))
  return new Map(rows.map((r) => [r.code, r.figures as T]))
}

/**
 * Municipalities that may have reports counting in a quarter: a report is backdated at most 366 days, so one received
 * in the quarter occurred at most that long before it. Read from the rollup the national role may see.
 */
export async function municipalitiesWithReportsSince(tx: Queryable, from: string, to: string): Promise<string[]> {
  const t = rollupHourDay
  const rows = await tx.orm
    .selectDistinct({ code: t.municipalityCode })
    .from(t)
    .where(sql`${t.day} between (${from}::date - 366) and ${to}::date`)
    .orderBy(t.municipalityCode)
  return rows.map((r) => r.code)
}
