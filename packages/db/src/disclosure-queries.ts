// Reads behind the public map and the national view: rollups only, never the reports table, and a minimum count per municipality.
import type { Database, Queryable } from './database.js'
import type { ReportFilter } from './analytics-queries.js'

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
  const [row] = await tx.query<{ code: string; name: string; settings: Record<string, unknown> | null }>(
    `select code, name, settings from municipalities where code = $1`,
    [code],
  )
  return row ? { code: row.code, name: row.name, minimum: minimumCellCount(row.settings) } : null
}

/** Reports per category over the filter's days, from rollup_hour_day (categories without reports are absent). */
export async function categoryCounts(tx: Queryable, f: Pick<ReportFilter, 'municipality' | 'from' | 'to'>): Promise<{ category: string; n: number }[]> {
  return tx.query(
    `select category, sum(n)::int as n from rollup_hour_day
     where municipality_code = $1 and day between $2::date and $3::date group by category order by category`,
    [f.municipality, f.from, f.to],
  )
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
    await tx.query(`set local role ${NATIONAL_ROLE}`)
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
  const municipalities = await tx.query<{ code: string; name: string; population: number | null; settings: Record<string, unknown> | null }>(
    `select m.code, m.name, m.population, m.settings from municipalities m
     where exists (select 1 from rollup_hour_day r where r.municipality_code = m.code)
     order by m.name, m.code`,
  )
  // isodow: Monday 1 … Sunday 7, so day − (isodow − 1) is the week's Monday; date arithmetic, no time zone involved.
  const weekly = await tx.query<{ code: string; week: string; n: number }>(
    `select municipality_code as code, (day - (extract(isodow from day)::int - 1))::text as week, sum(n)::int as n
     from rollup_hour_day where day between $1::date and $2::date group by 1, 2 order by 1, 2`,
    [from, to],
  )
  const categories = await tx.query<{ code: string; category: string; n: number }>(
    `select municipality_code as code, category, sum(n)::int as n
     from rollup_hour_day where day between $1::date and $2::date group by 1, 2 order by 1, 2`,
    [from, to],
  )
  return {
    municipalities: municipalities.map((m) => ({
      code: m.code,
      name: m.name,
      population: m.population === null ? null : Number(m.population),
      minimum: minimumCellCount(m.settings),
    })),
    weekly,
    categories,
  }
}
