// Reads behind the public map and the national view: rollups only, never the reports table, and a minimum count per municipality.
import { and, asc, eq, exists, sql } from 'drizzle-orm'
import type { ReportFilter } from './analytics-queries.js'
import type { Database, Queryable } from './database.js'
import { municipalities, rollupHourDay } from './schema.js'

/** The programme's minimum count; a municipality may raise its own, never lower it below this. */
export const PROGRAMME_MINIMUM_COUNT = 5
/** Anything larger is a typo in settings, not a policy. */
const MAX_MINIMUM_COUNT = 1000

/**
 * A municipality's minimum count from settings.minimumCellCount. A lower value than the programme's is raised to it:
 * the public map and the national view share one floor, so a setting can make disclosure stricter, never looser.
 */
export function minimumCellCount(settings: Record<string, unknown> | null | undefined): number {
  const raw = settings?.minimumCellCount
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= MAX_MINIMUM_COUNT)) return PROGRAMME_MINIMUM_COUNT
  return Math.max(value, PROGRAMME_MINIMUM_COUNT)
}

export interface PublicMunicipality {
  code: string
  name: string
  minimum: number
}

/** Name and minimum count of a municipality, or null when there is none with that code. */
export async function publicMunicipality(tx: Queryable, code: string): Promise<PublicMunicipality | null> {
  const [row] = await tx.orm
    .select({ code: municipalities.code, name: municipalities.name, settings: municipalities.settings })
    .from(municipalities)
    .where(eq(municipalities.code, code))
  return row ? { code: row.code, name: row.name, minimum: minimumCellCount(row.settings) } : null
}

/** Reports per category over the filter's days, from rollup_hour_day (categories without reports are absent). */
export async function categoryCounts(tx: Queryable, f: Pick<ReportFilter, 'municipality' | 'from' | 'to'>): Promise<{ category: string; n: number }[]> {
  const t = rollupHourDay
  return tx.orm
    .select({ category: t.category, n: sql<number>`sum(${t.n})::int` })
    .from(t)
    .where(and(eq(t.municipalityCode, f.municipality), sql`${t.day} between ${f.from}::date and ${f.to}::date`))
    .groupBy(t.category)
    .orderBy(t.category)
}

/** Neither owner nor BYPASSRLS (migrations/0041_national_reader.sql): may read rollup_hour_day of every municipality, nothing else. */
export const NATIONAL_ROLE = 'meldpunt_national'

/**
 * Runs `fn` as the national reader role: across municipalities, but only over the one rollup the role may read, so a
 * query on reports (or anything holding text or places) fails instead of answering. `set local role` ends with the
 * transaction, so the pooled connection goes back as the owner.
 */
export async function withNationalAggregates<T>(db: Database, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.rows(sql`set local role ${sql.identifier(NATIONAL_ROLE)}`)
    return fn(tx)
  })
}

export interface NationalMunicipality {
  code: string
  name: string
  population: number | null
  minimum: number
}

export interface NationalRollups {
  /** Municipalities that have ever received a report, by name; the others have no meldpunt to compare. */
  municipalities: NationalMunicipality[]
  /** Reports per municipality and ISO week (week = its Monday); weeks without reports are absent. */
  weekly: { code: string; week: string; n: number }[]
  /** Reports per municipality and category; categories without reports are absent. */
  categories: { code: string; category: string; n: number }[]
}

/** The national view's counts for [from, to] (local days, inclusive). Run it inside withNationalAggregates. */
export async function nationalRollups(tx: Queryable, from: string, to: string): Promise<NationalRollups> {
  const t = rollupHourDay
  const inPeriod = sql`${t.day} between ${from}::date and ${to}::date`
  const reporting = await tx.orm
    .select({ code: municipalities.code, name: municipalities.name, population: municipalities.population, settings: municipalities.settings })
    .from(municipalities)
    .where(exists(tx.orm.select({ one: sql`1` }).from(t).where(eq(t.municipalityCode, municipalities.code))))
    .orderBy(asc(municipalities.name), asc(municipalities.code))
  // isodow: Monday 1 … Sunday 7, so day − (isodow − 1) is the week's Monday; date arithmetic, no time zone involved.
  const week = sql<string>`(${t.day} - (extract(isodow from ${t.day})::int - 1))::text`
  const weekly = await tx.orm
    .select({ code: t.municipalityCode, week, n: sql<number>`sum(${t.n})::int` })
    .from(t)
    .where(inPeriod)
    .groupBy(t.municipalityCode, week)
    .orderBy(t.municipalityCode, week)
  const categories = await tx.orm
    .select({ code: t.municipalityCode, category: t.category, n: sql<number>`sum(${t.n})::int` })
    .from(t)
    .where(inPeriod)
    .groupBy(t.municipalityCode, t.category)
    .orderBy(t.municipalityCode, t.category)
  return {
    municipalities: reporting.map((m) => ({
      code: m.code,
      name: m.name,
      population: m.population === null ? null : Number(m.population),
      minimum: minimumCellCount(m.settings),
    })),
    weekly,
    categories,
  }
}
