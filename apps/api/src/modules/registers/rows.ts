// What the campaign and intervention registers share in the database: who created and last changed an entry, and a
// drawn area stored as a WGS84 MultiPolygon. Each register's repository selects these with its own columns.
import type { PolygonGeometry } from '@meldpunt/core/api'
import { sql, type SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { Actor } from '../staff/context.js'

interface AuthoredTable {
  createdByEmail: PgColumn
  createdAt: PgColumn
  updatedByEmail: PgColumn
  updatedAt: PgColumn
}

/** The authorship columns of a register table, for a drizzle `select({...})`. */
export function authorshipColumns(t: AuthoredTable) {
  return {
    createdBy: sql<string | null>`${t.createdByEmail}`,
    createdAt: sql<string>`${t.createdAt}`.mapWith((v: Date | string) => new Date(v).toISOString()),
    updatedBy: sql<string | null>`${t.updatedByEmail}`,
    updatedAt: sql<string>`${t.updatedAt}`.mapWith((v: Date | string) => new Date(v).toISOString()),
  }
}

/** A stored area as GeoJSON (six decimals, about 0.1 m), or null. */
export function areaGeoJson(area: PgColumn): SQL<PolygonGeometry | null> {
  return sql<PolygonGeometry | null>`ST_AsGeoJSON(${area}, 6)`.mapWith((v: string | null) => (v ? (JSON.parse(v) as PolygonGeometry) : null))
}

/** The value to store for a drawn area: a MultiPolygon in WGS84, or null. */
export function areaValue(area: PolygonGeometry | null): SQL {
  return area ? sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(area)}::text), 4326))` : sql`null`
}

/** Columns set on every insert of a register entry. */
export function created(actor: Actor) {
  return { createdBy: actor.userId, createdByEmail: actor.email, ...updated(actor) }
}

/** Columns set on every change of a register entry. */
export function updated(actor: Actor) {
  return { updatedBy: actor.userId, updatedByEmail: actor.email, updatedAt: sql`now()` }
}
