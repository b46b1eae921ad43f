// Reads behind the public map and the national view: who may read what, and a minimum count per municipality.
import { asc, eq, sql } from 'drizzle-orm'
import type { Database, Queryable } from './database.js'
import { municipalities } from './schema.js'

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

/** Whether the municipality publishes its open map (settings.publicMap; on unless an admin switched it off). */
export function publishesPublicMap(settings: Record<string, unknown> | null | undefined): boolean {
  return settings?.publicMap !== false
}

export interface PublicMunicipality {
  code: string
  name: string
  minimum: number
}

/**
 * Name, minimum count and publication switch of a municipality (`published` false when its admins switched the
 * public map off: nothing of it is served), or null when there is none with that code.
 */
export async function publicMunicipality(tx: Queryable, code: string): Promise<(PublicMunicipality & { published: boolean }) | null> {
  const [row] = await tx.orm
    .select({ code: municipalities.code, name: municipalities.name, settings: municipalities.settings })
    .from(municipalities)
    .where(eq(municipalities.code, code))
  return row ? { code: row.code, name: row.name, minimum: minimumCellCount(row.settings), published: publishesPublicMap(row.settings) } : null
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

/** Every municipality, by name, with what the national view shows of it. Run it inside withNationalAggregates. */
export async function nationalMunicipalities(tx: Queryable): Promise<NationalMunicipality[]> {
  const m = municipalities
  const rows = await tx.orm
    .select({ code: m.code, name: m.name, population: m.population, settings: m.settings })
    .from(m)
    .orderBy(asc(m.name), asc(m.code))
  return rows.map((r) => ({ code: r.code, name: r.name, population: r.population === null ? null : Number(r.population), minimum: minimumCellCount(r.settings) }))
}
